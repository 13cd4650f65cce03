using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// What the fan-in learns about a run's tables for incremental state: every table discovered (whatever became of it),
/// the hash of each table the sink now holds, and the discovery document (ingested schemas, filtered entities).
/// Filled while the summary is built, so chunk results are read once.
/// </summary>
public sealed class RunEntities(string service)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hashes = new(StringComparer.Ordinal);

    public DiscoveryDocument? Discovery { get; set; }

    /// <summary>FQNs of every table discovered by the run, failed ones included.</summary>
    public IReadOnlySet<string> Seen => _seen;

    /// <summary>FQN → hash of the tables written or found unchanged.</summary>
    public IReadOnlyDictionary<string, string> Hashes => _hashes;

    public void Add(EntityOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.FullyQualifiedName is not { } fqn)
        {
            return;
        }

        _seen.Add(fqn);
        if (outcome.Outcome != SinkOutcome.Failed && outcome.SourceHash is { } hash)
        {
            _hashes[fqn] = hash;
        }
    }

    /// <summary>Entities of a chunk that exhausted its retries: discovered, so never deleted, and their state is kept.</summary>
    public void AddExhausted(IEnumerable<DiscoveredEntity> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        foreach (var entity in entities)
        {
            _seen.Add(Fqn.Join(service, entity.Database, entity.Schema, entity.Name));
        }
    }
}
