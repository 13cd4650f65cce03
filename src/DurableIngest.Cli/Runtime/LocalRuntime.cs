using DurableIngest.RunStore;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Runs orchestrations in-process, durably: every activity result is journaled in the run store before the
/// orchestration sees it, so a run killed at any moment resumes by replaying the journal and executing only the
/// steps that never completed. One process at a time drives a run (a lease in the run store).
/// </summary>
internal sealed class LocalRuntime
{
    private readonly IRunStore _store;
    private readonly LocalActivityDispatcher _activities;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LocalRuntime(IRunStore store, LocalActivityDispatcher activities, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _store = store;
        _activities = activities;
        _time = time;
        _logger = loggerFactory.CreateLogger<LocalRuntime>();
    }

    public LocalActivityDispatcher Activities => _activities;

    /// <summary>Starts or resumes the ingestion run stored under <paramref name="runId"/> and returns its result.</summary>
    public async Task<RunResult> RunIngestionAsync(string runId, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        var manifest = await _store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken) ?? throw new RunNotFoundException(runId);
        var previous = await _store.ReadAsync<RunStatusDocument>(RunKeys.Status(runId), cancellationToken, CliJson.Options);
        if (previous is { Output: { } done } && previous.RuntimeStatus is RunStatus.Completed or RunStatus.CompletedWithErrors or RunStatus.Failed)
        {
            return done;
        }

        return await RunAsync(
            runId,
            manifest.CreatedTime,
            IngestionOrchestration.RunAsync,
            manifest.Request,
            result => result.Status,
            onProgress,
            cancellationToken);
    }

    /// <summary>Runs any orchestration durably under <paramref name="runId"/> (the ingestion one, or a benchmark's).</summary>
    public async Task<TOutput> RunAsync<TInput, TOutput>(
        string runId,
        DateTime createdTime,
        Func<IOrchestrationContext, TInput, Task<TOutput>> orchestration,
        TInput input,
        Func<TOutput, RunStatus> statusOf,
        Action<RunProgress>? onProgress,
        CancellationToken cancellationToken)
        where TOutput : class
    {
        await using var lease = await RunLease.AcquireAsync(_store, runId, _time, cancellationToken);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var (journal, tornTails) = await JournalReader.ReadAsync(_store, runId, linked.Token);
        foreach (var segment in tornTails)
        {
            _logger.LogWarning("Run {RunId}: {Segment} ends with a record cut off when its process stopped; that step runs again", runId, segment);
        }

        await using var journalWriter = new JournalWriter(_store, runId, journal.Count == 0 ? 1 : journal.Keys.Max() + 1);
        await using var status = new StatusWriter(
            _store, _time, new RunStatusDocument(runId, RunStatus.Running, createdTime, _time.GetUtcNow().UtcDateTime, null, null));
        var context = new LocalOrchestrationContext(
            runId,
            createdTime,
            journal,
            journalWriter,
            _activities,
            _time,
            _logger,
            custom =>
            {
                if (custom is RunProgress progress)
                {
                    status.Update(progress);
                    onProgress?.Invoke(progress);
                }
            },
            linked.Token);

        if (journal.Count > 0)
        {
            _logger.LogInformation("Run {RunId}: resuming; {Steps} completed steps in the journal will be replayed, not re-executed", runId, journal.Count);
        }

        try
        {
            var output = await orchestration(context, input);
            await status.CompleteAsync(statusOf(output) is var s ? s : RunStatus.Completed, output as RunResult, null);
            _logger.LogInformation(
                "Run {RunId}: {Replayed} steps replayed from the journal, {Executed} executed, {Hedged} of them hedged",
                runId, context.ReplayedSteps, context.ExecutedSteps, context.HedgedAttempts);
            return output;
        }
        catch (Exception e) when (e is NonDeterminismException or InvalidDataException or ActivityFailedException)
        {
            await status.CompleteAsync(RunStatus.Failed, null, e.Message);
            throw;
        }
    }
}
