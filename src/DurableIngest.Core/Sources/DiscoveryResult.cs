using DurableIngest.Entities;

namespace DurableIngest.Sources;

/// <summary>The outcome of discovery: entities to process, entities filtered out, schemas ingested, warnings.</summary>
public sealed record DiscoveryResult
{
    public required IReadOnlyList<DiscoveredEntity> Entities { get; init; }

    public IReadOnlyList<FilteredEntity> Filtered { get; init; } = [];

    /// <summary>Every schema that passed the filters, even empty ones (needed to tell deleted tables from filtered ones).</summary>
    public IReadOnlyList<SchemaRef> Schemas { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];
}
