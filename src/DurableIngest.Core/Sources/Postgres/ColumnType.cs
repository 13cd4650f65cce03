using DurableIngest.Entities;

namespace DurableIngest.Sources.Postgres;

/// <summary>A column's OpenMetadata type: the data type and, where they apply, element type, length, precision and scale.</summary>
public sealed record ColumnType(DataType DataType, DataType? ArrayDataType = null, int? DataLength = null, int? Precision = null, int? Scale = null);
