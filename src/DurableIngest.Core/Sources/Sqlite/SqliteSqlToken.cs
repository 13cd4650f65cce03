namespace DurableIngest.Sources.Sqlite;

internal enum SqliteSqlTokenKind
{
    Word,
    QuotedIdentifier,
    String,
    Punctuation,
    Comment,
}

/// <summary>One token of an SQL statement with the lines it starts and ends on (comments are tokens too).</summary>
internal sealed record SqliteSqlToken(SqliteSqlTokenKind Kind, string Text, int StartLine, int EndLine)
{
    public bool IsPunctuation(char c) => Kind == SqliteSqlTokenKind.Punctuation && Text.Length == 1 && Text[0] == c;

    public bool IsKeyword(string keyword) => Kind == SqliteSqlTokenKind.Word && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>The identifier a word or quoted token names: <c>"a""b"</c> → <c>a"b</c>, <c>[x]</c> → <c>x</c>.</summary>
    public string Identifier => Kind switch
    {
        SqliteSqlTokenKind.QuotedIdentifier or SqliteSqlTokenKind.String when Text.Length >= 2 && Text[0] == '[' => Text[1..^1],
        SqliteSqlTokenKind.QuotedIdentifier or SqliteSqlTokenKind.String when Text.Length >= 2 =>
            Text[1..^1].Replace(new string(Text[0], 2), new string(Text[0], 1), StringComparison.Ordinal),
        _ => Text,
    };

    /// <summary>A comment's words without its markers: <c>-- Surrogate key</c> → <c>Surrogate key</c>.</summary>
    public string CommentText
    {
        get
        {
            var body = Text.StartsWith("--", StringComparison.Ordinal)
                ? Text[2..]
                : Text[2..(Text.EndsWith("*/", StringComparison.Ordinal) && Text.Length >= 4 ? ^2 : ^0)];
            var lines = body.Split('\n').Select(l => l.Trim().TrimStart('*').Trim()).Where(l => l.Length > 0);
            return string.Join(' ', lines);
        }
    }
}
