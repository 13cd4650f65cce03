using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using DurableIngest.RunStore;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Hedging;
using Polly.Retry;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// The local runtime's implementation of the orchestration port. Each activity call is a numbered step. A step found in
/// the journal is replayed (its recorded output returned, nothing executed) after checking it is the same step; a new
/// step runs through a Polly retry pipeline built from the call's retry policy and is journaled before its result is
/// returned to the orchestration. A hedged call (<see cref="ActivityHedging"/>) also runs through Polly's hedging strategy,
/// inside the retries: an attempt that runs past its multiple of the activity's median gets a second one beside it, the
/// first to finish is the step's result and the other is cancelled without being waited for (see the callback).
/// </summary>
internal sealed class LocalOrchestrationContext : IOrchestrationContext
{
    private readonly JournalWriter _journalWriter;
    private readonly LocalActivityDispatcher _activities;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IReadOnlyDictionary<int, JournalEntry> _journal;
    private readonly Action<object?> _onCustomStatus;
    private readonly CancellationToken _cancellationToken;
    private readonly ConcurrentDictionary<(string Activity, ActivityRetryPolicy? Retry, ActivityHedging? Hedging), ResiliencePipeline<JsonElement>> _pipelines = new();
    private readonly ConcurrentDictionary<string, AttemptDurations> _durations = new(StringComparer.Ordinal);
    private static readonly ResiliencePropertyKey<DateTimeOffset> FirstAttemptAt = new("durable-ingest.first-attempt");
    private static readonly ResiliencePropertyKey<int> Step = new("durable-ingest.step");
    private static readonly ResiliencePropertyKey<long> AttemptStartedAt = new("durable-ingest.attempt-started");

    /// <summary>How often a hedged call whose first attempt began before its activity had a median looks again.</summary>
    private static readonly TimeSpan MedianPending = TimeSpan.FromSeconds(1);
    private readonly int _lastJournaledStep;
    private int _sequence;
    private int _hedgedAttempts;
    private DateTime _replayTime;

    public LocalOrchestrationContext(
        string instanceId,
        DateTime startedAt,
        IReadOnlyDictionary<int, JournalEntry> journal,
        JournalWriter journalWriter,
        LocalActivityDispatcher activities,
        TimeProvider time,
        ILogger logger,
        Action<object?> onCustomStatus,
        CancellationToken cancellationToken)
    {
        InstanceId = instanceId;
        _journal = journal;
        _journalWriter = journalWriter;
        _activities = activities;
        _time = time;
        _logger = logger;
        _onCustomStatus = onCustomStatus;
        _cancellationToken = cancellationToken;
        _replayTime = startedAt;
        _lastJournaledStep = journal.Count == 0 ? 0 : journal.Keys.Max();
    }

    public string InstanceId { get; }

    /// <summary>True while steps are still being served from the journal.</summary>
    public bool IsReplaying => _sequence < _lastJournaledStep;

    /// <summary>Replayed steps report the time they originally completed; live steps the clock.</summary>
    public DateTime CurrentUtcDateTime => _sequence == 0 || IsReplaying ? _replayTime : Max(_replayTime, _time.GetUtcNow().UtcDateTime);

    public int ReplayedSteps { get; private set; }

    public int ExecutedSteps { get; private set; }

    /// <summary>Second attempts started beside slow ones (hedged calls), this process.</summary>
    public int HedgedAttempts => Volatile.Read(ref _hedgedAttempts);

    public void SetCustomStatus(object? status) => _onCustomStatus(status);

    public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null)
    {
        var sequence = ++_sequence;
        var inputJson = JsonSerializer.SerializeToUtf8Bytes(input, RunStoreJson.Options.GetTypeInfo(input.GetType()));
        var inputHash = Convert.ToHexStringLower(SHA256.HashData(inputJson)[..8]);
        if (_journal.TryGetValue(sequence, out var recorded))
        {
            if (recorded.Activity != name || recorded.InputHash != inputHash)
            {
                throw new NonDeterminismException(
                    $"Non-deterministic orchestration in run '{InstanceId}' at step {sequence}: the journal recorded activity '{recorded.Activity}' " +
                    $"(input {recorded.InputHash}) but the orchestration now asks for '{name}' (input {inputHash}). The workflow or its input changed " +
                    "since the run started; start a new run instead of resuming this one.");
            }

            ReplayedSteps++;
            _replayTime = Max(_replayTime, recorded.CompletedAt);
            return Task.FromResult(Materialize<TResult>(recorded));
        }

        ExecutedSteps++;
        return ExecuteAsync<TResult>(sequence, name, inputJson, inputHash, retryPolicy, hedging);
    }

    private async Task<TResult> ExecuteAsync<TResult>(
        int sequence, string name, byte[] inputJson, string inputHash, ActivityRetryPolicy? retryPolicy, ActivityHedging? hedging)
    {
        var attempts = 0;
        JournalEntry entry;
        var context = ResilienceContextPool.Shared.Get(_cancellationToken);
        context.Properties.Set(FirstAttemptAt, _time.GetUtcNow());
        context.Properties.Set(Step, sequence);
        // Only hedged calls compare attempts with the median, so only theirs are measured.
        var durations = hedging is null ? null : _durations.GetOrAdd(name, _ => new AttemptDurations());
        try
        {
            var pipeline = _pipelines.GetOrAdd((name, retryPolicy is { MaxAttempts: > 1 } ? retryPolicy : null, hedging), BuildPipeline);
            var output = await pipeline.ExecuteAsync(
                async ctx =>
                {
                    Interlocked.Increment(ref attempts);
                    var started = _time.GetTimestamp();
                    var work = _activities.InvokeAsync(name, inputJson, ctx.CancellationToken);
                    if (hedging is not null)
                    {
                        // The losing attempt is cancelled but not waited for: a read stuck behind a stalled link ends when
                        // its driver gives up, not when asked (measured: 0.5-0.7 s after the winner with Npgsql), and the
                        // step would wait for the very straggler it hedged. Cancelled, it writes nothing more.
                        Abandoned(work);
                        work = work.WaitAsync(ctx.CancellationToken);
                    }

                    var result = await work;
                    durations?.Add(_time.GetElapsedTime(started));
                    return result;
                },
                context);
            entry = new JournalEntry(sequence, name, inputHash, _time.GetUtcNow().UtcDateTime, attempts, output, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
        {
            // Read as Durable Task reads a failure, so the journal holds the names and (masked) messages Azure would report.
            var failure = ActivityFailedException.FromFailureDetails(name, e.GetType().FullName ?? e.GetType().Name, e.Message);
            entry = new JournalEntry(
                sequence, name, inputHash, _time.GetUtcNow().UtcDateTime, attempts, null, new JournalFailure(failure.ErrorType, failure.ErrorMessage));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        await _journalWriter.WriteAsync(entry, CancellationToken.None);
        return Materialize<TResult>(entry);
    }

    private ResiliencePipeline<JsonElement> BuildPipeline((string Activity, ActivityRetryPolicy? Retry, ActivityHedging? Hedging) key)
    {
        var builder = new ResiliencePipelineBuilder<JsonElement> { TimeProvider = _time };
        if (key.Retry is { } policy)
        {
            builder.AddRetry(new RetryStrategyOptions<JsonElement>
            {
                MaxRetryAttempts = policy.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e && e is not OperationCanceledException && e is not NonDeterminismException
                    && _time.GetUtcNow() - args.Context.Properties.GetValue(FirstAttemptAt, DateTimeOffset.MinValue) < policy.RetryTimeout),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(policy.DelayBeforeRetry(args.AttemptNumber + 1)),
                OnRetry = args =>
                {
                    args.Context.Properties.Set(AttemptStartedAt, 0L);
                    _logger.LogWarning(
                        "Run {RunId}: attempt {Attempt} failed ({Error}); retrying in {Delay:F1} s",
                        InstanceId, args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (key.Hedging is { } hedging)
        {
            var durations = _durations.GetOrAdd(key.Activity, _ => new AttemptDurations());
            builder.AddHedging(new HedgingStrategyOptions<JsonElement>
            {
                MaxHedgedAttempts = 1,
                // Slowness only: a failed attempt is the retries' business, as on every other runtime.
                ShouldHandle = _ => PredicateResult.False(),
                DelayGenerator = args =>
                {
                    // Polly asks once, as the first attempt starts: remember when, for the second attempt's own check.
                    if (args.Context.Properties.GetValue(AttemptStartedAt, 0L) == 0)
                    {
                        args.Context.Properties.Set(AttemptStartedAt, _time.GetTimestamp());
                    }

                    return ValueTask.FromResult(HedgeThreshold(durations, hedging) ?? MedianPending);
                },
                ActionGenerator = args => () => SecondAttemptAsync(args, durations, hedging, key.Activity),
            });
        }

        return builder.Build();
    }

    private static TimeSpan? HedgeThreshold(AttemptDurations durations, ActivityHedging hedging) =>
        durations.Median(hedging.MinimumSamples) is { } median ? hedging.HedgeAfter(median) : null;

    // The second attempt starts once the first has run its multiple of the median. When the first began before there
    // was a median (the run's first chunks), Polly starts this after MedianPending and it waits here, looking again
    // every MedianPending, until the median exists and the first attempt has outlived it: early chunks are hedged too.
    private async ValueTask<Outcome<JsonElement>> SecondAttemptAsync(
        HedgingActionGeneratorArguments<JsonElement> args, AttemptDurations durations, ActivityHedging hedging, string activity)
    {
        var startedAt = args.PrimaryContext.Properties.GetValue(AttemptStartedAt, 0L);
        try
        {
            while (true)
            {
                var threshold = HedgeThreshold(durations, hedging);
                var elapsed = _time.GetElapsedTime(startedAt);
                if (threshold is { } due && elapsed >= due)
                {
                    break;
                }

                await Task.Delay(threshold is { } later ? later - elapsed : MedianPending, _time, args.ActionContext.CancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            return Outcome.FromException<JsonElement>(e);
        }

        Interlocked.Increment(ref _hedgedAttempts);
        _logger.LogInformation(
            "Run {RunId}: step {Step} ({Activity}) has run over {Factor}x the median attempt ({Median:F2} s): a second attempt starts beside it; the first to finish is kept",
            InstanceId, args.PrimaryContext.Properties.GetValue(Step, 0), activity, hedging.SlowerThanMedian,
            durations.Median(hedging.MinimumSamples)?.TotalSeconds ?? 0);
        return await args.Callback(args.ActionContext);
    }

    // A loser's end (its cancellation, or a failure once its connectors were released) is nobody's business: observed here.
    private static void Abandoned(Task work) =>
        work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static TResult Materialize<TResult>(JournalEntry entry)
    {
        if (entry.Failure is { } failure)
        {
            throw new ActivityFailedException(entry.Activity, failure.ErrorType, failure.Message);
        }

        if (entry.Output is not { } output)
        {
            throw new InvalidDataException($"Journal entry {entry.Sequence} ({entry.Activity}) has neither output nor failure.");
        }

        return output.Deserialize(RunStoreJson.TypeInfo<TResult>())
            ?? throw new InvalidDataException($"Journal entry {entry.Sequence} ({entry.Activity}) has an empty output.");
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
