namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>What DuckDB returned for a statement: column names, their Snowflake result types, and every value as text.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<string> Types, IReadOnlyList<string?[]> Rows);
