using DurableIngest.Connectors;
using DurableIngest.Functions.Orchestration;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// A deployment that changes the orchestration while a run is in flight: the engine replays the new code against the
/// old history and must stop the run, not carry on with a mix of both.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class NonDeterminismTests : IDisposable
{
    private readonly string _catalog = Directory.CreateTempSubdirectory("di-nondeterminism-").FullName;

    public void Dispose() => Directory.Delete(_catalog, recursive: true);

    [Fact]
    public async Task Replay_OrchestrationChangedMidRun_FailsTheRunNamingTheNonDeterminism()
    {
        var source = new ScriptedSource(30);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gates[ScriptedSource.NameOf(10)] = held;
        var redeployed = false;
        await using var runtime = await DurableRuntimeUnderTest.StartAsync(
            new ConnectorRegistry([source], [new FileSinkProvider()]),
            context => redeployed
                ? IngestionOrchestration.RunAsync(new RenamedChunkActivity(new DurableOrchestrationContextAdapter(context)), context.GetInput<IngestionRequest>()!)
                : IngestionOrchestrator.RunAsync(context));

        var run = runtime.RunAsync(ScriptedSource.Workflow(_catalog, parallelism: 1, chunkSize: 10), "redeployed-mid-run");
        await Poll.UntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(10)));
        redeployed = true;
        held.SetResult();
        var finished = await run;

        Assert.Equal(nameof(OrchestrationRuntimeStatus.Failed), finished.RuntimeStatus);
        Assert.Contains("NonDeterministic", finished.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Null(finished.Result);
    }


    /// <summary>The "new deployment": the chunk activity renamed, everything else the same.</summary>
    private sealed class RenamedChunkActivity(IOrchestrationContext inner) : IOrchestrationContext
    {
        public string InstanceId => inner.InstanceId;

        public DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;

        public Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null) =>
            inner.CallActivityAsync<TResult>(name == ActivityNames.ProcessChunk ? name + "V2" : name, input, retryPolicy, hedging);

        public void SetCustomStatus(object? status) => inner.SetCustomStatus(status);
    }
}
