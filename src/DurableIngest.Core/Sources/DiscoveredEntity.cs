using DurableIngest.Entities;

namespace DurableIngest.Sources;

/// <summary>
/// What discovery knows of an entity: its names, its kind and the source's own identifier
/// (a PostgreSQL OID, for instance). Cheap by design; full metadata is read per chunk.
/// </summary>
public sealed record DiscoveredEntity(string Database, string Schema, string Name, TableType Kind, long? SourceId = null)
{
    public string DisplayName => $"{Database}.{Schema}.{Name}";
}
