namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// <c>services/&lt;service&gt;/tables.json</c>: what the last successful run of a service left in its sink — each table's
/// <see cref="Entities.TableHash"/> by fully qualified name. It belongs to one sink <see cref="Target"/>: a run into
/// another sink starts from nothing. One small map (about 100 bytes a table), read once per run per host.
/// </summary>
public sealed record ServiceState
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The sink these tables were written to (see <see cref="SinkTarget"/>).</summary>
    public required string Target { get; init; }

    /// <summary>The run that wrote this state.</summary>
    public required string RunId { get; init; }

    public required DateTime CompletedAt { get; init; }

    /// <summary>Table FQN → hash of the metadata the sink holds, in ordinal order.</summary>
    public required IReadOnlyDictionary<string, string> Tables { get; init; }
}
