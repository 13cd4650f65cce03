using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Workflow;

/// <summary><c>chunks/NNNNNN.json</c>: the entities of one chunk, as discovery found them.</summary>
public sealed record ChunkDocument(int ChunkIndex, IReadOnlyList<DiscoveredEntity> Entities);

/// <summary><c>discovery.json</c>: what discovery saw besides the chunks.</summary>
public sealed record DiscoveryDocument(
    int EntityCount,
    int ChunkCount,
    int ChunkSize,
    IReadOnlyList<SchemaRef> Schemas,
    IReadOnlyList<FilteredEntity> Filtered,
    IReadOnlyList<string> Warnings);

/// <summary><c>results/NNNNNN.json</c>: a processed chunk, one line per entity.</summary>
public sealed record ChunkResultDocument(int ChunkIndex, IReadOnlyList<EntityOutcome> Entities, IReadOnlyList<string> Warnings);

/// <summary>One entity's fate in a chunk.</summary>
public sealed record EntityOutcome(string Entity, string? FullyQualifiedName, SinkOutcome Outcome, FailureDetail? Failure = null, string? SourceHash = null);
