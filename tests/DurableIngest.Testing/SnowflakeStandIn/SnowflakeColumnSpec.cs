namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>A column as Snowflake's INFORMATION_SCHEMA.COLUMNS shows it (DATA_TYPE is the standard type name: TEXT, NUMBER, ...).</summary>
public sealed record SnowflakeColumnSpec(
    string Name,
    string DataType,
    bool Nullable = true,
    int? Length = null,
    int? Precision = null,
    int? Scale = null,
    string? Comment = null);
