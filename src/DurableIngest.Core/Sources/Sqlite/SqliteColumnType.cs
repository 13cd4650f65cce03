using DurableIngest.Entities;

namespace DurableIngest.Sources.Sqlite;

/// <summary>What a declared SQLite column type means in OpenMetadata's terms.</summary>
public sealed record SqliteColumnType(DataType DataType, int? DataLength = null, int? Precision = null, int? Scale = null);
