using DurableIngest.Entities;

namespace DurableIngest.Sources.Snowflake;

/// <summary>A column's OpenMetadata type and Snowflake's own spelling of it (<c>NUMBER(38,0)</c>, <c>VARCHAR(100)</c>).</summary>
public sealed record SnowflakeColumnType(
    DataType DataType,
    string Display,
    DataType? ArrayDataType = null,
    int? DataLength = null,
    int? Precision = null,
    int? Scale = null);
