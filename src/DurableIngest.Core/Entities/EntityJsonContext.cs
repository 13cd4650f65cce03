using System.Text.Json.Serialization;

namespace DurableIngest.Entities;

/// <summary>
/// Compile-time JSON metadata for catalog documents: a large ingest serializes tens of thousands of them, and
/// generated metadata spares the process the reflection and JIT work of discovering it at run time.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true,
    IndentSize = 2,
    NewLine = "\n")]
[JsonSerializable(typeof(TableDocument))]
[JsonSerializable(typeof(TombstoneDocument))]
internal sealed partial class EntityJsonContext : JsonSerializerContext;
