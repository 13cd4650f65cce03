using System.Text.Json.Serialization;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Compile-time JSON metadata for the chunk's table names, sent as one JSON array parameter.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class SqliteJsonContext : JsonSerializerContext;
