namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>A table or view as Snowflake's INFORMATION_SCHEMA.TABLES (and VIEWS) shows it.</summary>
public sealed record SnowflakeTableSpec
{
    /// <summary>TABLE_TYPE: BASE TABLE, VIEW, MATERIALIZED VIEW, EXTERNAL TABLE, EVENT TABLE, TEMPORARY TABLE.</summary>
    public string TableType { get; init; } = "BASE TABLE";

    public IReadOnlyList<SnowflakeColumnSpec> Columns { get; init; } = [];

    public string Owner { get; init; } = "SYSADMIN";

    public bool IsTransient { get; init; }

    public bool IsIceberg { get; init; }

    public bool IsDynamic { get; init; }

    public string? ClusteringKey { get; init; }

    public string? Comment { get; init; }

    /// <summary>VIEWS.VIEW_DEFINITION of a view.</summary>
    public string? ViewDefinition { get; init; }

    public bool IsSecure { get; init; }
}
