using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Workflow;

/// <summary><c>chunks/NNNNNN.json</c>: the entities of one chunk, as discovery found them.</summary>
public sealed record ChunkDocument(int ChunkIndex, IReadOnlyList<DiscoveredEntity> Entities);

/// <summary>
/// <c>discovery.json</c>: what discovery saw besides the chunks, and when the attempt that stored it started and
/// finished (null when not recorded: a discovery stored for <c>bench</c>, or written before times were recorded).
/// </summary>
public sealed record DiscoveryDocument(
    int EntityCount,
    int ChunkCount,
    int ChunkSize,
    IReadOnlyList<SchemaRef> Schemas,
    IReadOnlyList<FilteredEntity> Filtered,
    IReadOnlyList<string> Warnings,
    DateTime? StartedAt = null,
    DateTime? FinishedAt = null);

/// <summary>
/// <c>results/NNNNNN.json</c>: a processed chunk, one line per entity, and when the attempt that wrote it started and
/// finished (by the activity's clock; null in results written before they were recorded).
/// </summary>
public sealed record ChunkResultDocument(
    int ChunkIndex,
    IReadOnlyList<EntityOutcome> Entities,
    IReadOnlyList<string> Warnings,
    DateTime? StartedAt = null,
    DateTime? FinishedAt = null);

/// <summary>One entity's fate in a chunk.</summary>
public sealed record EntityOutcome(string Entity, string? FullyQualifiedName, SinkOutcome Outcome, FailureDetail? Failure = null, string? SourceHash = null);
