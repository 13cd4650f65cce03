using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;

namespace DurableIngest.Cli.Hosting;

/// <summary>The schedule evaluator's view of the serve host: run status from the shared run store, and starting a run here.</summary>
internal sealed class LocalScheduleRunPort : IScheduleRunPort
{
    private readonly RunHost _runs;
    private readonly ScheduledRunStarter _starter;
    private readonly IRunStore _store;

    public LocalScheduleRunPort(RunHost runs, ScheduledRunStarter starter, IRunStore store)
    {
        _runs = runs;
        _starter = starter;
        _store = store;
    }

    /// <summary>
    /// Pending or Running in the store, whichever host drives it: a run cut off by a stopped host counts as well, since
    /// that host resumes it when it starts.
    /// </summary>
    public async Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) =>
        _runs.IsDriving(runId)
        || (await RunCatalog.ReadStatusAsync(_store, runId, cancellationToken) is { } status && RunCatalog.IsUnfinished(status.RuntimeStatus));

    /// <summary>Stores and starts the run; not cancelled midway, so a stopping host never leaves a run half stored.</summary>
    public async Task StartAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var manifest = await _starter.CreateRunAsync(occurrence, CancellationToken.None);
        await _runs.AcceptAsync(manifest, CancellationToken.None);
    }
}
