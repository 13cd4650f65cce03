namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// One SQL statement for the SQL API: its text with <c>?</c> placeholders, the <c>TEXT</c> values bound to them in
/// order, and the database it runs in (the request's <c>database</c> field; null for the user's default).
/// </summary>
public sealed record SnowflakeStatement(string Sql, string? Database, IReadOnlyList<string> Bindings)
{
    public SnowflakeStatement(string sql, string? database)
        : this(sql, database, [])
    {
    }
}
