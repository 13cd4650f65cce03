namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// Splits SQL text into tokens the way SQLite reads it: words, quoted identifiers (<c>"..."</c>, <c>`...`</c>,
/// <c>[...]</c>), string literals, punctuation and comments (<c>-- ...</c> to end of line, <c>/* ... */</c>).
/// Only good enough to find definitions and the comments around them; never used to execute anything.
/// </summary>
internal static class SqliteSqlTokenizer
{
    public static IReadOnlyList<SqliteSqlToken> Tokenize(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = new List<SqliteSqlToken>();
        var line = 1;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\n')
            {
                line++;
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            var startLine = line;
            SqliteSqlTokenKind kind;
            if (c == '-' && Peek(sql, i + 1) == '-')
            {
                kind = SqliteSqlTokenKind.Comment;
                while (i < sql.Length && sql[i] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && Peek(sql, i + 1) == '*')
            {
                kind = SqliteSqlTokenKind.Comment;
                var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = close < 0 ? sql.Length : close + 2;
            }
            else if (c is '"' or '`' or '\'')
            {
                kind = c == '\'' ? SqliteSqlTokenKind.String : SqliteSqlTokenKind.QuotedIdentifier;
                i = SkipQuoted(sql, i, c);
            }
            else if (c == '[')
            {
                kind = SqliteSqlTokenKind.QuotedIdentifier;
                var close = sql.IndexOf(']', i + 1);
                i = close < 0 ? sql.Length : close + 1;
            }
            else if (IsWordChar(c))
            {
                kind = SqliteSqlTokenKind.Word;
                while (i < sql.Length && IsWordChar(sql[i]))
                {
                    i++;
                }
            }
            else
            {
                kind = SqliteSqlTokenKind.Punctuation;
                i++;
            }

            var text = sql[start..i];
            line += CountNewLines(text);
            tokens.Add(new SqliteSqlToken(kind, text, startLine, line));
        }

        return tokens;
    }

    private static char Peek(string sql, int index) => index < sql.Length ? sql[index] : '\0';

    // A doubled quote inside a quoted token stands for one quote character.
    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (Peek(sql, i + 1) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' || c > 127;

    private static int CountNewLines(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c == '\n')
            {
                count++;
            }
        }

        return count;
    }
}
