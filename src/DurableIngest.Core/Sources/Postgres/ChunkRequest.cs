using DurableIngest.Entities;

namespace DurableIngest.Sources.Postgres;

/// <summary>What one database's part of a chunk asks for: relations by OID, and relations known only by name.</summary>
public sealed class ChunkRequest
{
    public ChunkRequest(IReadOnlyList<DiscoveredEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        Oids = [.. entities.Where(e => e.SourceId is not null).Select(e => checked((uint)e.SourceId!.Value)).Distinct()];
        Views = [.. entities.Where(e => e.SourceId is not null && e.Kind is TableType.View or TableType.MaterializedView).Select(e => (e.Schema, e.Name)).Distinct()];
        NamedOnly = [.. entities.Where(e => e.SourceId is null).Select(e => (e.Schema, e.Name)).Distinct()];
    }

    public IReadOnlyList<uint> Oids { get; }

    /// <summary>Views of the chunk, by schema and name (Redshift reads late-binding view columns by name).</summary>
    public IReadOnlyList<(string Schema, string Name)> Views { get; }

    /// <summary>Relations without an OID (Redshift external tables).</summary>
    public IReadOnlyList<(string Schema, string Name)> NamedOnly { get; }
}
