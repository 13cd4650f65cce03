using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Runtime;

public sealed class IngestionWorkflowTests
{
    [Fact]
    public async Task Run_AllTablesReadable_CompletesWithEveryTableInTheCatalog()
    {
        await using var harness = new WorkflowHarness(new ScriptedSource(25));
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        var summary = await harness.SummaryAsync(runId);
        Assert.Equal((25, 25, 0, 1, 3), (summary.Total, summary.Succeeded, summary.Failed, summary.Filtered, summary.Chunks));
        Assert.Equal(25, summary.Created);
        Assert.Equal(100, summary.SuccessPercent);
        Assert.Equal(25, Directory.GetFiles(harness.CatalogPath, "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Run_OneBadEntity_RecordsItsFailureAndKeepsTheRest()
    {
        var source = new ScriptedSource(20);
        source.BadTables.Add(ScriptedSource.NameOf(7));
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(successThreshold: 90));

        var result = await harness.RunAsync(runId);

        var summary = await harness.SummaryAsync(runId);
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal((19, 1), (summary.Succeeded, summary.Failed));
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(("db.public.t0007", FailureDetail.ReadStage, "PermissionDenied"), (failure.Entity, failure.Stage, failure.ErrorType));
        Assert.Contains("permission denied", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(90, RunStatus.CompletedWithErrors)]
    [InlineData(80, RunStatus.Completed)]
    public async Task Run_SuccessBelowOrAtThreshold_SetsTheStatus(double threshold, RunStatus expected)
    {
        var source = new ScriptedSource(10);
        source.BadTables.UnionWith([ScriptedSource.NameOf(1), ScriptedSource.NameOf(2)]);
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(successThreshold: threshold));

        var result = await harness.RunAsync(runId);

        Assert.Equal(expected, result.Status);
        Assert.Equal(80, result.SuccessPercent);
    }

    [Fact]
    public async Task Run_TransientChunkFailure_IsRetriedAndSucceeds()
    {
        var source = new ScriptedSource(30);
        source.TransientFailures[ScriptedSource.NameOf(10)] = 2;
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 3));

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(3, source.Reads.Count(r => r == ScriptedSource.NameOf(10)));
        Assert.Equal(30, result.Succeeded);
    }

    [Fact]
    public async Task Run_ChunkExhaustsItsRetries_RecordsItsEntitiesAsFailedOnce()
    {
        var source = new ScriptedSource(30);
        source.TransientFailures[ScriptedSource.NameOf(10)] = -1;
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 2, successThreshold: 50));

        var result = await harness.RunAsync(runId);

        var summary = await harness.SummaryAsync(runId);
        Assert.Equal(2, source.Reads.Count(r => r == ScriptedSource.NameOf(10)));
        Assert.Equal((20, 10, 1), (summary.Succeeded, summary.Failed, summary.ChunksExhausted));
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.All(summary.Failures, f => Assert.Equal("RetriesExhausted", f.ErrorType));
        Assert.Contains("connection reset", summary.Failures[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EveryChunkExhausted_IsFailed()
    {
        var source = new ScriptedSource(5);
        source.TransientFailures[ScriptedSource.NameOf(0)] = -1;
        await using var harness = new WorkflowHarness(source);
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 1));

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Failed, result.Status);
    }

    [Fact]
    public async Task Run_SlowChunk_WindowKeepsParallelismInFlightAndRefillsWithoutWaitingForIt()
    {
        var source = new ScriptedSource(100);
        var gates = new[] { 0, 10, 20 }.ToDictionary(i => i, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        foreach (var (first, gate) in gates)
        {
            source.Gates[ScriptedSource.NameOf(first)] = gate;
        }

        await using var harness = new WorkflowHarness(source);
        // Not hedged: this is the window alone (HedgingTests has held chunks hedged).
        var runId = await harness.StartAsync(harness.Yaml(parallelism: 3, chunkSize: 10, hedgeSlowChunks: 0));

        var run = harness.RunAsync(runId);
        await Poll.UntilAsync(() => source.Reads.Count == 3);
        await Task.Delay(100);
        Assert.Equal(3, source.Reads.Count); // the window is full: a fourth chunk waits for a free slot

        gates[10].SetResult();
        gates[20].SetResult();
        await Poll.UntilAsync(() => source.Completed == 9);

        // The nine other chunks all finished while chunk 0 was still held: the window refills, no wave barrier.
        Assert.False(run.IsCompleted);
        gates[0].SetResult();
        var result = await run;
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(3, source.MaxInFlight);
        Assert.Equal(10, source.Reads.Count);
    }

    [Fact]
    public async Task Run_DistributedExecutionDisabled_RunsOneChunkAtATime()
    {
        var source = new ScriptedSource(40);
        await using var harness = new WorkflowHarness(source);
        var yaml = harness.Yaml(parallelism: 8, chunkSize: 5).Replace("enabled: true", "enabled: false", StringComparison.Ordinal);
        var runId = await harness.StartAsync(yaml);

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(1, source.MaxInFlight);
        // One at a time means no hedged second attempt beside a chunk either.
        var manifest = await harness.Store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest(runId), CancellationToken.None);
        Assert.Equal((1, 0.0), (manifest.Request.Parallelism, manifest.Request.HedgeSlowChunks));
    }

    [Fact]
    public async Task Run_Twice_SecondRunLeavesTheCatalogUnchanged()
    {
        var source = new ScriptedSource(12);
        await using var harness = new WorkflowHarness(source);
        await harness.RunAsync(await harness.StartAsync(harness.Yaml(), "first"));
        var before = CatalogSnapshot.Take(harness.CatalogPath);

        await harness.RunAsync(await harness.StartAsync(harness.Yaml(), "second"));

        var summary = await harness.SummaryAsync("second");
        Assert.Equal(12, summary.Unchanged);
        Assert.Equal(before, CatalogSnapshot.Take(harness.CatalogPath));
    }

    [Fact]
    public async Task Run_OrchestrationPayloads_StaySmallWhateverTheRunSize()
    {
        await using var harness = new WorkflowHarness(new ScriptedSource(2_000));
        var runId = await harness.StartAsync(harness.Yaml(parallelism: 4, chunkSize: 10));

        await harness.RunAsync(runId);

        foreach (var key in await harness.Store.ListAsync(RunKeys.JournalPrefix(runId), CancellationToken.None))
        {
            var entry = await harness.Store.GetAsync(key, CancellationToken.None);
            Assert.True(entry!.Content.Length < 2_048, $"{key} is {entry.Content.Length} bytes");
        }
    }
}
