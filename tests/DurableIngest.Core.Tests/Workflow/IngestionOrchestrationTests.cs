using System.Collections.Concurrent;
using DurableIngest.Failures;
using DurableIngest.Testing;
using DurableIngest.Testing.Orchestration;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow;

/// <summary>
/// The workflow itself, on the in-memory orchestration context with scripted activities: the window, retries,
/// exhausted chunks, failed discovery, progress and time. No runtime, journal or store is involved.
/// </summary>
public sealed class IngestionOrchestrationTests
{
    private const string RunId = "run-1";
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly ActivityRetryPolicy Retry = new(3, TimeSpan.FromSeconds(0.5), 2, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<int, int> _failuresLeft = new();
    private CompleteInput? _completed;

    [Fact]
    public async Task RunAsync_MoreChunksThanParallelism_KeepsTheWindowFullAndRefillsAsEachChunkCompletes()
    {
        var context = Context(entities: 100, gated: true);

        var run = IngestionOrchestration.RunAsync(context, Request(parallelism: 3));
        await Poll.UntilAsync(() => ChunksStarted(context).Count == 3);
        Assert.Equal([0, 1, 2], ChunksStarted(context));

        Gate(1).SetResult();
        await Poll.UntilAsync(() => ChunksStarted(context).Count == 4);
        Assert.Equal(3, ChunksStarted(context)[3]);
        Assert.False(Gate(0).Task.IsCompleted);

        for (var chunk = 0; chunk < 10; chunk++)
        {
            Gate(chunk).TrySetResult();
        }

        var result = await run;
        Assert.Equal(Enumerable.Range(0, 10), ChunksStarted(context).Order());
        Assert.Equal(3, context.MaxInFlight);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Empty(_completed!.ExhaustedChunks);
    }

    [Fact]
    public async Task RunAsync_ParallelismOne_RunsOneChunkAtATime()
    {
        var context = Context(entities: 35);

        await IngestionOrchestration.RunAsync(context, Request(parallelism: 1));

        Assert.Equal([0, 1, 2, 3], ChunksStarted(context));
        Assert.Equal(1, context.MaxInFlight);
    }

    [Fact]
    public async Task RunAsync_ChunkFailsTwiceThenSucceeds_RetriesAfterThePolicyDelays()
    {
        _failuresLeft[4] = 2;
        var context = Context(entities: 50);

        var result = await IngestionOrchestration.RunAsync(context, Request());

        var attempts = context.Attempts.Where(a => a.Input is ChunkInput { ChunkIndex: 4 }).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([TimeSpan.Zero, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)], attempts.Select(a => a.DelayBefore));
        Assert.Equal(attempts[0].StartedAt.AddSeconds(1.5), attempts[2].StartedAt);
        Assert.Empty(_completed!.ExhaustedChunks);
        Assert.Equal(RunStatus.Completed, result.Status);
    }

    [Fact]
    public async Task RunAsync_ChunkExhaustsItsRetries_BecomesOneFailedResultAndTheRunGoesOn()
    {
        _failuresLeft[2] = int.MaxValue;
        var context = Context(entities: 45);

        var result = await IngestionOrchestration.RunAsync(context, Request());

        Assert.Equal(Retry.MaxAttempts, context.Attempts.Count(a => a.Input is ChunkInput { ChunkIndex: 2 }));
        var exhausted = Assert.Single(_completed!.ExhaustedChunks);
        Assert.Equal(2, exhausted.ChunkIndex);
        Assert.Equal("TransientException: connection reset reading chunk 2", exhausted.Error);
        Assert.Equal([0, 1, 2, 3, 4], ChunksStarted(context).Distinct().Order());
        Assert.Single(context.Attempts, a => a.Name == ActivityNames.Complete);
        Assert.Equal(RunStatus.CompletedWithErrors, result.Status);
    }

    [Fact]
    public async Task RunAsync_DiscoveryFails_CompletesWithItsErrorAndSchedulesNoChunk()
    {
        var context = Context(entities: 10);
        context.Register<DiscoverInput, DiscoveryOutcome>(
            ActivityNames.Discover, _ => throw new InvalidOperationException("permission denied for database db"));

        var result = await IngestionOrchestration.RunAsync(context, Request());

        Assert.Empty(ChunksStarted(context));
        Assert.Null(_completed!.Discovery);
        Assert.Equal("permission denied for database db", _completed.DiscoveryError);
        Assert.Equal(RunStatus.Failed, result.Status);
    }

    [Fact]
    public async Task RunAsync_NothingDiscovered_CompletesWithoutChunks()
    {
        var context = Context(entities: 0);

        var result = await IngestionOrchestration.RunAsync(context, Request());

        Assert.Empty(ChunksStarted(context));
        Assert.Equal(0, _completed!.Discovery!.ChunkCount);
        Assert.Equal(RunStatus.Completed, result.Status);
    }

    [Fact]
    public async Task RunAsync_Progress_IsPublishedThroughEveryPhaseWithCounts()
    {
        var context = Context(entities: 25);

        await IngestionOrchestration.RunAsync(context, Request(parallelism: 1));

        var statuses = context.Statuses.Cast<RunProgress>().ToList();
        Assert.Equal(RunProgress.Discovering, statuses[0].Phase);
        Assert.Equal([0, 1, 2, 3], statuses.Where(s => s.Phase == RunProgress.Processing).Select(s => s.ChunksDone));
        Assert.Equal([0, 10, 20, 25], statuses.Where(s => s.Phase == RunProgress.Processing).Select(s => s.EntitiesDone));
        Assert.Equal([RunProgress.Completing, RunProgress.Done], statuses.TakeLast(2).Select(s => s.Phase));
        Assert.All(statuses.Skip(1), s => Assert.True(s.EntitiesTotal is 25 or 0));
    }

    [Fact]
    public async Task RunAsync_StartAndFinish_ComeFromTheOrchestrationClock()
    {
        var context = Context(entities: 30, secondsPerChunk: 7);

        await IngestionOrchestration.RunAsync(context, Request(parallelism: 1));

        Assert.Equal(Start.UtcDateTime, _completed!.StartedAt);
        Assert.Equal(Start.UtcDateTime.AddSeconds(21), _completed.FinishedAt);
    }

    [Fact]
    public async Task RunAsync_Inputs_CarryOnlyTheRunIdAndIndexes()
    {
        var context = Context(entities: 20);

        await IngestionOrchestration.RunAsync(context, Request());

        Assert.Equal(new DiscoverInput(RunId, 10), context.Attempts[0].Input);
        Assert.Equal([new ChunkInput(RunId, 0), new ChunkInput(RunId, 1)], context.Attempts.Where(a => a.Name == ActivityNames.ProcessChunk).Select(a => a.Input));
    }

    [Theory]
    [InlineData(3.0)]
    [InlineData(0.0)]
    public async Task RunAsync_HedgeSlowChunks_AsksTheRuntimeToHedgeChunkCallsOnly(double hedgeSlowChunks)
    {
        var context = Context(entities: 20);

        await IngestionOrchestration.RunAsync(context, Request() with { HedgeSlowChunks = hedgeSlowChunks });

        // Discovery and completion are one call each: nothing to compare them with, and completion writes the summary.
        Assert.All(context.Attempts.Where(a => a.Name != ActivityNames.ProcessChunk), a => Assert.Null(a.Hedging));
        var chunkHedging = context.Attempts.Where(a => a.Name == ActivityNames.ProcessChunk).Select(a => a.Hedging).Distinct();
        Assert.Equal([hedgeSlowChunks > 0 ? new ActivityHedging(hedgeSlowChunks) : null], chunkHedging);
    }

    private static IngestionRequest Request(int parallelism = 3, int chunkSize = 10) => new(RunId, parallelism, chunkSize, Retry, SuccessThreshold: 90);

    private static List<int> ChunksStarted(InMemoryOrchestrationContext context) =>
        [.. context.Attempts.Select(a => a.Input).OfType<ChunkInput>().Select(c => c.ChunkIndex)];

    private TaskCompletionSource Gate(int chunk) => _gates.GetOrAdd(chunk, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    // Scripted activities: discovery finds `entities` in chunks of 10; a chunk succeeds with every entity created, after
    // its gate opens (gated), its scripted failures, and `secondsPerChunk` of orchestration time.
    private InMemoryOrchestrationContext Context(int entities, bool gated = false, int secondsPerChunk = 0) =>
        new InMemoryOrchestrationContext(RunId, _time)
            .Register<DiscoverInput, DiscoveryOutcome>(ActivityNames.Discover, input =>
                Task.FromResult(new DiscoveryOutcome(entities, 1, (entities + input.ChunkSize - 1) / input.ChunkSize, 1, 0)))
            .Register<ChunkInput, ChunkOutcome>(ActivityNames.ProcessChunk, async input =>
            {
                if (gated)
                {
                    await Gate(input.ChunkIndex).Task;
                }

                if (_failuresLeft.TryGetValue(input.ChunkIndex, out var left) && left > 0)
                {
                    _failuresLeft[input.ChunkIndex] = left - 1;
                    throw new TransientException($"connection reset reading chunk {input.ChunkIndex}");
                }

                _time.Advance(TimeSpan.FromSeconds(secondsPerChunk));
                var count = Math.Min(10, entities - (input.ChunkIndex * 10));
                return new ChunkOutcome(input.ChunkIndex, count, 0, count, 0, 0, 0);
            })
            .Register<CompleteInput, RunResult>(ActivityNames.Complete, input =>
            {
                _completed = input;
                var failed = input.ExhaustedChunks.Count * 10;
                var status = input.DiscoveryError is not null ? RunStatus.Failed : failed > 0 ? RunStatus.CompletedWithErrors : RunStatus.Completed;
                return Task.FromResult(new RunResult(input.RunId, status, input.Discovery?.EntityCount ?? 0, 0, failed, 0, 0, 0, "summary.json"));
            });
}
