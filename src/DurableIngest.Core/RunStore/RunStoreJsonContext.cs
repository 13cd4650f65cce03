using System.Text.Json.Serialization;
using DurableIngest.Http;
using DurableIngest.Scheduling;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Incremental;

namespace DurableIngest.RunStore;

/// <summary>
/// Compile-time JSON metadata for every document, activity payload and API answer <see cref="RunStoreJson"/> writes or
/// reads: no reflection at run time, so the Native AOT CLI and the JIT hosts share one serializer.
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
[JsonSerializable(typeof(ServiceState))]
[JsonSerializable(typeof(ScheduleState))]
[JsonSerializable(typeof(RunStatusView))]
[JsonSerializable(typeof(IReadOnlyList<RunStatusView>))]
[JsonSerializable(typeof(List<RunStatusView>))]
[JsonSerializable(typeof(CheckStatusPayload))]
[JsonSerializable(typeof(RunControlResponse))]
[JsonSerializable(typeof(IngestErrorDocument))]
[JsonSerializable(typeof(ConnectionTestDocument))]
// Plain payloads: activities registered by tests and benchmarks take and return these.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
internal sealed partial class RunStoreJsonContext : JsonSerializerContext;
