using System.Collections.Concurrent;
using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// Drives the serve host's runs on the local runtime, in the background: runs started over HTTP or by schedules, and on
/// start the runs this host owns (<see cref="RunManifest.HostId"/>) that a stop or a crash cut off. Stopping cancels
/// every run at its current step (nothing half-done is journaled) and marks it Pending, so the next start resumes it
/// from its journal. The run lease keeps any other process from driving the same run meanwhile.
/// </summary>
internal sealed class RunHost : BackgroundService, IRunControl
{
    private readonly CliServices _services;
    private readonly string _hostId;
    private readonly ILogger<RunHost> _logger;
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    public RunHost(CliServices services, ServeOptions options, ILogger<RunHost> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _hostId = options.HostId;
        _logger = logger;
    }

    /// <summary>The run store holding every run of this host.</summary>
    public IRunStore Store => _services.Store;

    /// <summary>True once the host has begun to stop: new runs are stored but wait for the next start.</summary>
    public bool IsStopping => _stopping.IsCancellationRequested;

    public bool IsAcceptingRuns => !IsStopping;

    /// <summary>True while this host is driving the run.</summary>
    public bool IsDriving(string runId) => _active.ContainsKey(runId);

    /// <summary>Completes when this host stops driving the run (at once when it is not driving it).</summary>
    public Task WhenStoppedDrivingAsync(string runId) => _active.TryGetValue(runId, out var run) ? run.Ended : Task.CompletedTask;

    /// <summary>A run this host handed to its runtime has a status document (a stored run without one was never started).</summary>
    public async Task<bool> IsKnownAsync(string runId, CancellationToken cancellationToken) =>
        IsDriving(runId) || await _services.Store.GetAsync(RunKeys.Status(runId), cancellationToken) is not null;

    public Task LaunchAsync(RunManifest manifest, CancellationToken cancellationToken) => AcceptAsync(manifest, cancellationToken);

    public async Task<RunStatusView?> GetStatusAsync(string runId, CancellationToken cancellationToken) =>
        await StoredRuns.ReadStatusAsync(_services.Store, runId, cancellationToken) is { } status ? ToView(status) : null;

    public async Task<IReadOnlyList<RunStatusView>> ListAsync(int top, CancellationToken cancellationToken) =>
        [.. (await StoredRuns.ListStatusesAsync(_services.Store, cancellationToken)).Take(top).Select(ToView)];

    /// <summary>Starts driving a stored run; its status is Pending until the runtime picks it up.</summary>
    public async Task AcceptAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        // Create-if-absent: a resumed or finished run's status is never set back to Pending.
        var pending = new RunStatusDocument(manifest.RunId, RunStatus.Pending, manifest.CreatedTime, Now, null, null);
        await _services.Store.TryCreateAsync(RunKeys.Status(manifest.RunId), RunStoreJson.Serialize(pending, CliJson.Indented), cancellationToken);
        _logger.LogInformation(
            "Run {RunId} accepted: service {Service}, {Source} to {Sink}{Schedule}",
            manifest.RunId, manifest.Service, manifest.SourceType, manifest.SinkType, manifest.ScheduleName is { } schedule ? $", schedule {schedule}" : string.Empty);
        Launch(manifest.RunId);
    }

    /// <summary>
    /// Stops a run: one this host drives stops at its current step; an unfinished one nobody drives (cut off, its host
    /// down) is marked Terminated at once; one another live process drives, or a finished one, is a conflict.
    /// </summary>
    public async Task<RunControlResult> TerminateAsync(string runId, CancellationToken cancellationToken)
    {
        if (_active.TryGetValue(runId, out var run) && await run.RequestTerminationAsync())
        {
            return new RunControlResult(RunControlOutcome.Accepted, $"termination requested; GET {IngestApi.Route}/{runId} shows Terminated once its current step has stopped");
        }

        if (await StoredRuns.ReadStatusAsync(_services.Store, runId, cancellationToken) is not { } status)
        {
            return NotFound(runId);
        }

        if (!status.RuntimeStatus.IsUnfinished())
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' has already finished ({status.RuntimeStatus})");
        }

        try
        {
            // Holding the lease proves that no process drives the run, and keeps one from starting while it is marked.
            await using var lease = await RunLease.AcquireAsync(_services.Store, runId, _services.Time, cancellationToken);
            await MarkAsync(runId, RunStatus.Terminated, "terminated on request while no process was driving it");
            return new RunControlResult(RunControlOutcome.Accepted, $"run '{runId}' was not running anywhere; it is now Terminated and will not be resumed");
        }
        catch (RunLeasedException e)
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"{e.Message} Terminate it through the host that drives it.");
        }
    }

    /// <summary>Deletes every document of a finished run (Durable's purge); an unfinished run is a conflict.</summary>
    public async Task<RunControlResult> PurgeAsync(string runId, CancellationToken cancellationToken)
    {
        if (await StoredRuns.ReadStatusAsync(_services.Store, runId, cancellationToken) is not { } status)
        {
            return NotFound(runId);
        }

        if (IsDriving(runId) || status.RuntimeStatus.IsUnfinished())
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' is {status.RuntimeStatus}; terminate it first (POST {IngestApi.Route}/{runId}/terminate)");
        }

        var deleted = await RunDocuments.DeleteAllAsync(_services.Store, runId, cancellationToken);

        await _services.Store.RemoveRunLeftoversAsync(runId, cancellationToken);

        _logger.LogInformation("Run {RunId} purged ({Documents} documents)", runId, deleted);
        return new RunControlResult(RunControlOutcome.Accepted, $"run '{runId}' purged: {deleted} documents deleted");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var resumed = 0;
            foreach (var manifest in await StoredRuns.ListManifestsAsync(_services.Store, stoppingToken))
            {
                if (manifest.HostId != _hostId || IsDriving(manifest.RunId))
                {
                    continue;
                }

                var status = await StoredRuns.ReadStatusAsync(_services.Store, manifest.RunId, stoppingToken);
                if (status is not null && status.RuntimeStatus.IsUnfinished())
                {
                    _logger.LogInformation("Run {RunId}: resuming; it was {Status} when this host last stopped", manifest.RunId, status.RuntimeStatus);
                    Launch(manifest.RunId);
                    resumed++;
                }
            }

            _logger.LogInformation("Host {HostId}: {Resumed} interrupted run(s) resumed", _hostId, resumed);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped (or failed to start) before the scan finished: the next start scans again.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        while (!_active.IsEmpty)
        {
            _logger.LogInformation("Stopping {Count} run(s) at their current step; they resume when this host starts again", _active.Count);
            await Task.WhenAll(_active.Values.Select(r => r.Ended)).WaitAsync(cancellationToken);
        }

        await base.StopAsync(cancellationToken);
    }

    public override void Dispose()
    {
        // The container disposes this once as itself and once as a hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel(); // disposed without a stop: still no run may outlive the host
            _stopping.Dispose();
            base.Dispose();
        }
    }

    private static RunStatusView ToView(RunStatusDocument status) =>
        new(status.Id, status.Name, status.RuntimeStatus, status.CreatedTime, status.LastUpdatedTime, status.CustomStatus, null, status.Error);

    private DateTime Now => _services.Time.GetUtcNow().UtcDateTime;

    private static RunControlResult NotFound(string runId) => new(RunControlOutcome.NotFound, $"no run '{runId}'");

    private void Launch(string runId)
    {
        if (_stopping.IsCancellationRequested)
        {
            return; // stored as Pending: the next start resumes it
        }

        var run = new ActiveRun(CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
        if (!_active.TryAdd(runId, run))
        {
            run.Cancellation.Dispose();
            return;
        }

        _ = Task.Run(() => DriveAsync(runId, run));
    }

    private async Task DriveAsync(string runId, ActiveRun run)
    {
        try
        {
            var result = await _services.Runtime.RunIngestionAsync(runId, null, run.Cancellation.Token);
            _logger.LogInformation("Run {RunId}: {Status}", runId, result.Status);
        }
        catch (OperationCanceledException) when (run.Cancellation.IsCancellationRequested)
        {
            if (run.TerminateRequested)
            {
                await MarkAsync(runId, RunStatus.Terminated, "terminated on request");
                _logger.LogWarning("Run {RunId}: terminated on request", runId);
            }
            else
            {
                await MarkAsync(runId, RunStatus.Pending, null);
                _logger.LogInformation("Run {RunId}: interrupted by shutdown; finished steps are journaled and it resumes when this host starts", runId);
            }
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Run {RunId}: another process took over its lease; it is left to that process", runId);
        }
        catch (RunLeasedException e)
        {
            _logger.LogWarning("Run {RunId}: not driven here: {Reason}", runId, e.Message);
        }
        catch (Exception e) when (e is NonDeterminismException or InvalidDataException or ActivityFailedException)
        {
            _logger.LogError("Run {RunId}: Failed: {Reason}", runId, e.Message); // the runtime recorded it in the status
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Run {RunId}: stopped by an error outside its activities", runId);
            await MarkAsync(runId, RunStatus.Failed, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await _services.Activities.ReleaseRunAsync(runId);
            _active.TryRemove(runId, out _);
            run.Cancellation.Dispose();
            run.End();
        }
    }

    /// <summary>Sets an unfinished run's runtime status (a run that finished meanwhile keeps its own).</summary>
    private async Task MarkAsync(string runId, RunStatus runtimeStatus, string? error)
    {
        if (await StoredRuns.ReadStatusAsync(_services.Store, runId, CancellationToken.None) is { } current && current.RuntimeStatus.IsUnfinished())
        {
            await _services.Store.WriteAsync(
                RunKeys.Status(runId), current with { RuntimeStatus = runtimeStatus, Error = error, LastUpdatedTime = Now }, CliJson.Indented, CancellationToken.None);
        }
    }

    private sealed class ActiveRun(CancellationTokenSource cancellation)
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public bool TerminateRequested { get; private set; }

        public Task Ended => _ended.Task;

        public void End() => _ended.TrySetResult();

        /// <summary>False when termination was requested before, or the run ended (and released its cancellation) in the meantime.</summary>
        public async Task<bool> RequestTerminationAsync()
        {
            // A second request must not be accepted again while the first one is winding the run down.
            if (TerminateRequested)
            {
                return false;
            }

            TerminateRequested = true;
            try
            {
                await Cancellation.CancelAsync();
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
