using DurableIngest.Entities;

namespace DurableIngest.Sources.MySql;

/// <summary>A column's OpenMetadata type: the data type and, where they apply, length, precision and scale.</summary>
public sealed record MySqlMappedType(DataType DataType, int? DataLength = null, int? Precision = null, int? Scale = null);
