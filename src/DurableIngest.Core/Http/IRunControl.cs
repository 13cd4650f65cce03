using DurableIngest.Workflow;

namespace DurableIngest.Http;

/// <summary>
/// What a host does with runs behind the ingest API: hand a stored run to its runtime, and report, list, terminate and
/// purge runs. <c>durable-ingest serve</c> implements it over the local runtime, the Functions app over Durable
/// Functions; <see cref="IngestApi"/> is written once against it.
/// </summary>
public interface IRunControl
{
    /// <summary>False while the host is stopping: a start is refused with 503.</summary>
    bool IsAcceptingRuns { get; }

    /// <summary>True when the runtime knows the run (it was handed over, whatever became of it since).</summary>
    Task<bool> IsKnownAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Hands a stored run to the runtime. Throws <see cref="RunAlreadyExistsException"/> when the runtime already has it.</summary>
    Task LaunchAsync(RunManifest manifest, CancellationToken cancellationToken);

    /// <summary>The run's status without its summary, or null when the runtime does not know it.</summary>
    Task<RunStatusView?> GetStatusAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="top"/> runs, newest first, without their summaries.</summary>
    Task<IReadOnlyList<RunStatusView>> ListAsync(int top, CancellationToken cancellationToken);

    /// <summary>Stops an unfinished run (Conflict once it has finished).</summary>
    Task<RunControlResult> TerminateAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Deletes a finished run: the runtime's record and every run-store document (Conflict while unfinished).</summary>
    Task<RunControlResult> PurgeAsync(string runId, CancellationToken cancellationToken);
}
