using DurableIngest.Entities;
using DurableIngest.Sources;

namespace DurableIngest.Workflow.Incremental;

/// <summary>A chunk's tables after comparison with the baseline.</summary>
public sealed record ChunkChanges(IReadOnlyList<EntityOutcome> Unchanged, IReadOnlyList<ChangedTable> Changed);

/// <summary>A table new or changed since the baseline, to be written; <see cref="Hash"/> is its <see cref="TableHash"/>.</summary>
public sealed record ChangedTable(DiscoveredEntity Entity, TableMetadata Table, string Hash);
