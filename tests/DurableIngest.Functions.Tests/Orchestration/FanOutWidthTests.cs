using DurableIngest.Connectors;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// How many chunk activities a run keeps in flight on the Functions app: the workflow's <c>parallelism</c>, else the
/// app's default (wide enough for Azure to scale out), or one at a time when distributed execution is disabled.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class FanOutWidthTests : IDisposable
{
    private readonly string _catalog = Directory.CreateTempSubdirectory("di-width-").FullName;

    public void Dispose() => Directory.Delete(_catalog, recursive: true);

    // The engine's in-memory backend runs as many activities at once as the machine has cores, so the width is read
    // from the orchestration's input; the sliding window itself is tested on the local runtime (same orchestration).
    [Theory]
    [InlineData("parallelism: 3", 3)]
    [InlineData("# parallelism: the host's", FunctionsSettings.DefaultParallelismDefault)]
    public async Task Run_OnTheFunctionsApp_TakesTheWorkflowsParallelismOrTheAppDefault(string parallelismLine, int expected)
    {
        var source = new ScriptedSource(100);
        await using var runtime = await DurableRuntimeUnderTest.StartAsync(new ConnectorRegistry([source], [new FileSinkProvider()]));
        var workflow = ScriptedSource.Workflow(_catalog, chunkSize: 10).Replace("parallelism: 3", parallelismLine, StringComparison.Ordinal);

        var request = await runtime.StartAsync(workflow, "width");
        var run = await runtime.WaitAsync("width");
        var input = (await runtime.App.Client.GetInstanceAsync("width", getInputsAndOutputs: true))!.ReadInputAs<IngestionRequest>();

        Assert.Equal((expected, expected), (request.Parallelism, input!.Parallelism));
        Assert.Equal(100, run.Result?.Succeeded);
    }

    [Fact]
    public async Task Run_DistributedExecutionDisabled_OnTheFunctionsApp_RunsOneChunkAtATime()
    {
        var source = new ScriptedSource(50);
        await using var runtime = await DurableRuntimeUnderTest.StartAsync(new ConnectorRegistry([source], [new FileSinkProvider()]));
        var workflow = ScriptedSource.Workflow(_catalog, chunkSize: 10).Replace("enabled: true", "enabled: false", StringComparison.Ordinal);

        var request = await runtime.StartAsync(workflow, "one-at-a-time");
        var run = await runtime.WaitAsync("one-at-a-time");

        Assert.Equal((1, 1), (request.Parallelism, source.MaxInFlight));
        Assert.Equal(50, run.Result?.Succeeded);
    }
}
