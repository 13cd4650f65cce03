namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// Descriptions written as SQL comments in a CREATE statement. SQLite has no comment catalog, but it keeps the
/// CREATE TABLE / CREATE VIEW text exactly as written, comments included, so the comments are the descriptions:
/// <code>
/// CREATE TABLE customers (          -- People who bought at least once   ← table description
///     customer_id INTEGER PRIMARY KEY, -- Surrogate key                  ← column description
///     email       TEXT NOT NULL        -- Login and contact address      ← column description
/// );
/// </code>
/// <list type="bullet">
/// <item>Table: the first comment between the table name and the opening parenthesis, else a comment that starts
/// right after the opening parenthesis on the same line.</item>
/// <item>View: the first comment between the view name and <c>AS</c>, else a comment right after <c>AS</c> on
/// the same line.</item>
/// <item>Column: a comment that starts on the line where the column's definition ends, before or after the comma
/// that closes it. A comment on a line of its own belongs to nothing (it is ambiguous: it could describe the
/// column above or below).</item>
/// </list>
/// Both <c>-- ...</c> and <c>/* ... */</c> comments count; markers and surrounding blanks are removed.
/// </summary>
public sealed record SqliteDdlComments(string? TableDescription, IReadOnlyDictionary<string, string> ColumnDescriptions)
{
    public static readonly SqliteDdlComments None = new(null, new Dictionary<string, string>());

    private static readonly string[] TableConstraintKeywords = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

    /// <summary>Reads the comments of a CREATE TABLE or CREATE VIEW statement; anything else gives <see cref="None"/>.</summary>
    public static SqliteDdlComments Parse(string? createStatement)
    {
        if (string.IsNullOrWhiteSpace(createStatement))
        {
            return None;
        }

        var tokens = SqliteSqlTokenizer.Tokenize(createStatement);
        var kindIndex = tokens.ToList().FindIndex(t => t.IsKeyword("TABLE") || t.IsKeyword("VIEW"));
        if (kindIndex < 0 || tokens.Take(kindIndex).Any(t => t.IsKeyword("VIRTUAL")))
        {
            return None;
        }

        return tokens[kindIndex].IsKeyword("VIEW") ? ParseView(tokens, kindIndex) : ParseTable(tokens, kindIndex);
    }

    private static SqliteDdlComments ParseView(IReadOnlyList<SqliteSqlToken> tokens, int viewIndex)
    {
        var depth = 0;
        for (var i = viewIndex + 1; i < tokens.Count; i++)
        {
            var token = tokens[i];
            depth += token.IsPunctuation('(') ? 1 : token.IsPunctuation(')') ? -1 : 0;
            if (depth == 0 && token.IsKeyword("AS"))
            {
                var before = FirstComment(tokens, viewIndex + 1, i);
                var after = i + 1 < tokens.Count && tokens[i + 1].Kind == SqliteSqlTokenKind.Comment && tokens[i + 1].StartLine == token.EndLine
                    ? tokens[i + 1]
                    : null;
                return new SqliteDdlComments(Describe(before ?? after), new Dictionary<string, string>());
            }
        }

        return None;
    }

    private static SqliteDdlComments ParseTable(IReadOnlyList<SqliteSqlToken> tokens, int tableIndex)
    {
        var open = -1;
        for (var i = tableIndex + 1; i < tokens.Count; i++)
        {
            if (tokens[i].IsPunctuation('('))
            {
                open = i;
                break;
            }
        }

        if (open < 0)
        {
            return None;
        }

        var tableComment = FirstComment(tokens, tableIndex + 1, open);
        if (tableComment is null && open + 1 < tokens.Count && tokens[open + 1].Kind == SqliteSqlTokenKind.Comment
            && tokens[open + 1].StartLine == tokens[open].EndLine)
        {
            tableComment = tokens[open + 1];
        }

        var columns = new Dictionary<string, string>(StringComparer.Ordinal);
        var definitions = new List<Definition>();
        Definition? current = null;
        var depth = 1;
        for (var i = open + 1; i < tokens.Count && depth > 0; i++)
        {
            var token = tokens[i];
            if (token.Kind == SqliteSqlTokenKind.Comment)
            {
                if (depth == 1 && !ReferenceEquals(token, tableComment))
                {
                    var owner = current ?? definitions.LastOrDefault();
                    if (owner is { Description: null } && owner.LastLine == token.StartLine && Describe(token) is { } text)
                    {
                        owner.Description = text;
                    }
                }

                continue;
            }

            if (token.IsPunctuation('('))
            {
                depth++;
            }
            else if (token.IsPunctuation(')'))
            {
                depth--;
                if (depth == 0)
                {
                    break;
                }
            }
            else if (depth == 1 && token.IsPunctuation(','))
            {
                if (current is not null)
                {
                    definitions.Add(current);
                }

                current = null;
                continue;
            }

            current ??= new Definition(token);
            current.LastLine = token.EndLine;
        }

        if (current is not null)
        {
            definitions.Add(current);
        }

        foreach (var definition in definitions)
        {
            if (definition.Description is { } description && definition.ColumnName is { } name)
            {
                columns.TryAdd(name, description);
            }
        }

        return new SqliteDdlComments(Describe(tableComment), columns);
    }

    private static SqliteSqlToken? FirstComment(IReadOnlyList<SqliteSqlToken> tokens, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (tokens[i].Kind == SqliteSqlTokenKind.Comment)
            {
                return tokens[i];
            }
        }

        return null;
    }

    private static string? Describe(SqliteSqlToken? comment) =>
        comment?.CommentText is { Length: > 0 } text ? text : null;

    /// <summary>One comma-separated item of a table's definition list: a column or a table constraint.</summary>
    private sealed class Definition(SqliteSqlToken first)
    {
        public int LastLine { get; set; } = first.EndLine;

        public string? Description { get; set; }

        public string? ColumnName =>
            first.Kind == SqliteSqlTokenKind.Word && TableConstraintKeywords.Any(first.IsKeyword) ? null : first.Identifier;
    }
}
