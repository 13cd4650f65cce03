using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>
/// Hedged chunk calls on the local runtime: a chunk attempt that runs far past the median gets a second attempt beside
/// it, the first to finish is the step's result, the other is cancelled.
/// </summary>
public sealed class HedgingTests : IAsyncDisposable
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(2);

    // The step-level tests: one orchestration context on a fake clock, activities registered per test.
    private readonly FakeTimeProvider _clock = new();
    private readonly WorkflowHarness _harness;
    private readonly LocalOrchestrationContext _context;

    public HedgingTests()
    {
        _harness = new WorkflowHarness(new ScriptedSource(1), time: _clock);
        _context = new LocalOrchestrationContext(
            "hedged", _clock.GetUtcNow().UtcDateTime, new Dictionary<int, JournalEntry>(), new JournalWriter(_harness.Store, "hedged", 1), _harness.Dispatcher,
            _clock, NullLogger.Instance, _ => { }, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _harness.DisposeAsync();

    [Fact]
    public async Task Run_OneChunkAttemptStuck_IsHedgedAndEveryTableIsWrittenOnce()
    {
        var source = new ScriptedSource(40);
        // Chunk 10 of 20: the first attempt hangs until cancelled, as behind a stalled link; its second attempt answers.
        source.StuckOnce[ScriptedSource.NameOf(20)] = true;
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(parallelism: 2, chunkSize: 2));

        var result = await harness.RunAsync(runId).WaitAsync(Guard);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(40, result.Succeeded);
        Assert.Equal(2, source.Reads.Count(r => r == ScriptedSource.NameOf(20)));
        await Poll.UntilAsync(() => source.CancelledReads >= 1);
        var documents = Directory.GetFiles(harness.CatalogPath, "*.json", SearchOption.AllDirectories);
        Assert.Equal(40, documents.Length);
        Assert.False(Directory.Exists(Path.Combine(harness.CatalogPath, FileSink.StagingFolderName)), "the staging folder outlived the run");
    }

    [Fact]
    public async Task CallActivity_AttemptRunsPastItsMultipleOfTheMedian_ASecondAttemptWinsAndTheFirstIsCancelled()
    {
        var starts = new List<DateTimeOffset>();
        var cancelled = 0;
        _harness.Dispatcher.Register<string, string>("Work", async (input, cancellationToken) =>
        {
            int attempt;
            lock (starts)
            {
                starts.Add(_clock.GetUtcNow());
                attempt = starts.Count;
            }

            if (input != "stuck")
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _clock, cancellationToken);
                return input;
            }

            if (attempt == 6)
            {
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref cancelled);
                    throw;
                }
            }

            return "second attempt";
        });
        var hedging = new ActivityHedging(SlowerThanMedian: 3);
        for (var i = 0; i < ActivityHedging.DefaultMinimumSamples; i++)
        {
            Assert.Equal($"usual {i}", await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Work", $"usual {i}", hedging: hedging)));
        }

        var output = await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Work", "stuck", hedging: hedging));

        Assert.Equal("second attempt", output);
        await Poll.UntilAsync(() => Volatile.Read(ref cancelled) == 1);
        Assert.Equal(1, _context.HedgedAttempts);
        // Every usual attempt took 10 s: the second attempt starts at 3 medians, 30 s (a little more: the clock moves a second at a time).
        Assert.InRange((starts[6] - starts[5]).TotalSeconds, 30, 34);
        var entry = await _harness.Store.ReadRequiredAsync<JournalEntry>(RunKeys.JournalEntry("hedged", 6), CancellationToken.None, CliJson.Options);
        Assert.Equal(2, entry.Attempts);
    }

    [Fact]
    public async Task CallActivity_FirstAttemptBeganBeforeThereWasAMedian_IsHedgedOnceTheMedianExists()
    {
        var stuckStarts = new List<DateTimeOffset>();
        var lastUsualEnd = DateTimeOffset.MinValue;
        _harness.Dispatcher.Register<string, string>("Work", async (input, cancellationToken) =>
        {
            if (input != "stuck")
            {
                await Task.Delay(TimeSpan.FromSeconds(10), _clock, cancellationToken);
                lastUsualEnd = _clock.GetUtcNow();
                return input;
            }

            int attempt;
            lock (stuckStarts)
            {
                stuckStarts.Add(_clock.GetUtcNow());
                attempt = stuckStarts.Count;
            }

            if (attempt == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return "second attempt";
        });
        var hedging = new ActivityHedging(SlowerThanMedian: 3);

        // The run's first chunk: no attempt of the activity has finished yet, so there is no median to compare with.
        var stuck = _context.CallActivityAsync<string>("Work", "stuck", hedging: hedging);
        for (var i = 0; i < ActivityHedging.DefaultMinimumSamples; i++)
        {
            await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Work", $"usual {i}", hedging: hedging));
        }

        Assert.Equal("second attempt", await AdvanceUntilDoneAsync(_clock, stuck));
        Assert.Equal(1, _context.HedgedAttempts);
        // The median of five 10 s attempts appeared when the fifth ended, long after the stuck attempt passed 3 medians:
        // the second attempt started at the next look (every second of the fake clock), not before.
        Assert.InRange((stuckStarts[1] - lastUsualEnd).TotalSeconds, 0, 3);
    }

    [Fact]
    public async Task CallActivity_FewerCompletedAttemptsThanTheMinimum_IsNeverHedged()
    {
        var attempts = 0;
        _harness.Dispatcher.Register<string, string>("Work", async (input, cancellationToken) =>
        {
            Interlocked.Increment(ref attempts);
            await Task.Delay(input == "slow" ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(1), _clock, cancellationToken);
            return input;
        });
        var hedging = new ActivityHedging(SlowerThanMedian: 3);
        for (var i = 0; i < ActivityHedging.DefaultMinimumSamples - 1; i++)
        {
            await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Work", $"usual {i}", hedging: hedging));
        }

        // An hour is 3,600 medians, but four attempts are no median yet: the slow one runs alone to its end.
        Assert.Equal("slow", await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Work", "slow", hedging: hedging), TimeSpan.FromMinutes(1)));
        Assert.Equal(ActivityHedging.DefaultMinimumSamples, attempts);
        Assert.Equal(0, _context.HedgedAttempts);
    }

    [Fact]
    public async Task CallActivity_HedgedCallFails_IsRetriedNotHedged()
    {
        var attempts = 0;
        _harness.Dispatcher.Register<string, string>("Flaky", (input, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new IOException("connection reset") : Task.FromResult(input));
        var retry = new ActivityRetryPolicy(3, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));

        var output = await AdvanceUntilDoneAsync(_clock, _context.CallActivityAsync<string>("Flaky", "x", retry, new ActivityHedging(3, MinimumSamples: 0)));

        Assert.Equal("x", output);
        Assert.Equal(2, attempts);
        Assert.Equal(0, _context.HedgedAttempts);
    }

    // Moves the fake clock a step at a time until the call is done, so every timer it sets fires in order.
    private static async Task<T> AdvanceUntilDoneAsync<T>(FakeTimeProvider clock, Task<T> call, TimeSpan? step = null)
    {
        await Poll.UntilAsync(() =>
        {
            clock.Advance(step ?? TimeSpan.FromSeconds(1));
            return call.IsCompleted;
        });
        return await call;
    }
}
