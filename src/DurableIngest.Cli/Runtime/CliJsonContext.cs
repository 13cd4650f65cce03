using System.Text.Json.Serialization;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Compile-time JSON metadata for the local runtime's own run-store documents (status, journal, lease), in the run
/// store's style; <see cref="CliJson"/> puts it in front of the run store's types.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(RunStatusDocument))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(LeaseDocument))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
