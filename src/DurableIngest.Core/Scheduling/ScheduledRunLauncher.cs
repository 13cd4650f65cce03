using DurableIngest.Http;
using DurableIngest.Workflow;

namespace DurableIngest.Scheduling;

/// <summary>
/// The schedule evaluator's view of a host, written once over the host's <see cref="IRunControl"/>: a run is active
/// while its status is unfinished, and a due occurrence is stored and handed to the runtime under its deterministic id.
/// </summary>
public sealed class ScheduledRunLauncher : IScheduleRunPort
{
    private readonly IRunControl _runs;
    private readonly ScheduledRunStarter _starter;

    public ScheduledRunLauncher(IRunControl runs, ScheduledRunStarter starter)
    {
        _runs = runs;
        _starter = starter;
    }

    /// <summary>Pending, Running or Suspended, whichever host drives it: an occurrence must not overlap it.</summary>
    public async Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) =>
        await _runs.GetStatusAsync(runId, cancellationToken) is { } status && status.RuntimeStatus.IsUnfinished();

    /// <summary>Stores and starts the run; not cancelled midway, so a stopping host never leaves a run half stored.</summary>
    public async Task StartAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        if (await _runs.IsKnownAsync(occurrence.RunId, cancellationToken))
        {
            throw new RunAlreadyExistsException(occurrence.RunId);
        }

        RunManifest manifest;
        try
        {
            manifest = await _starter.CreateRunAsync(occurrence, CancellationToken.None);
        }
        catch (RunAlreadyExistsException)
        {
            // Stored but never started (a host stopped in between): start it now rather than lose the occurrence. A
            // recent one is another host's start under way.
            manifest = await _starter.FindAbandonedAsync(occurrence, CancellationToken.None)
                ?? throw new RunAlreadyExistsException(occurrence.RunId);
        }

        await _runs.LaunchAsync(manifest, CancellationToken.None);
    }
}
