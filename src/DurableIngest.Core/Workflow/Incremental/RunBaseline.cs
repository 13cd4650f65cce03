using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// The table hashes a run compares against: the service's state from its last successful run into the same sink,
/// or nothing (first run, another sink, or a <c>--full</c> run). Loaded once per run per host.
/// </summary>
public sealed class RunBaseline
{
    private readonly IReadOnlyDictionary<string, string> _hashes;

    public RunBaseline(string service, IReadOnlyDictionary<string, string> hashes)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(hashes);
        Service = service;
        _hashes = hashes;
    }

    public string Service { get; }

    public string FullyQualifiedName(DiscoveredEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return Fqn.Join(Service, entity.Database, entity.Schema, entity.Name);
    }

    /// <summary>
    /// Hashes each table and splits them: the unchanged ones become outcomes at once (the sink is not called for
    /// them); the others are to be written, with their hash for the outcome.
    /// </summary>
    public ChunkChanges Compare(IReadOnlyList<(DiscoveredEntity Entity, TableMetadata Table)> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var unchanged = new List<EntityOutcome>();
        var changed = new List<ChangedTable>(tables.Count);
        foreach (var (entity, table) in tables)
        {
            var fqn = table.FullyQualifiedName;
            var hash = TableHash.Compute(table);
            if (_hashes.TryGetValue(fqn, out var previous) && previous == hash)
            {
                unchanged.Add(new EntityOutcome(entity.DisplayName, fqn, SinkOutcome.Unchanged, SourceHash: hash));
            }
            else
            {
                changed.Add(new ChangedTable(entity, table, hash));
            }
        }

        return new ChunkChanges(unchanged, changed);
    }
}
