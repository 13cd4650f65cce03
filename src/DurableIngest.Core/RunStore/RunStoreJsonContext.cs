using System.Text.Json.Serialization;
using DurableIngest.Workflow;

namespace DurableIngest.RunStore;

/// <summary>
/// Compile-time JSON metadata for the documents and activity payloads every run writes many times; other types
/// fall back to reflection (see <see cref="RunStoreJson"/>).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ChunkDocument))]
[JsonSerializable(typeof(ChunkResultDocument))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(FailedAttemptDocument))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(DiscoverInput))]
[JsonSerializable(typeof(DiscoveryOutcome))]
[JsonSerializable(typeof(ChunkInput))]
[JsonSerializable(typeof(ChunkOutcome))]
[JsonSerializable(typeof(CompleteInput))]
[JsonSerializable(typeof(RunResult))]
[JsonSerializable(typeof(RunProgress))]
internal sealed partial class RunStoreJsonContext : JsonSerializerContext;
