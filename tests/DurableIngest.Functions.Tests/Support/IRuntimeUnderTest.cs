using DurableIngest.Connectors;
using DurableIngest.RunStore;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>
/// One of the runtimes that drive the shared ingestion workflow, as a test sees it: start a workflow under a run id and
/// wait for its end. The same test runs on each to prove they agree.
/// </summary>
internal interface IRuntimeUnderTest : IAsyncDisposable
{
    string Name { get; }

    IRunStore Store { get; }

    Task<FinishedRun> RunAsync(string workflowYaml, string runId, CancellationToken cancellationToken = default);
}

/// <summary>The runtimes under test, by name (xunit theories take the name).</summary>
internal static class Runtimes
{
    public const string Local = "local";
    public const string DurableFunctions = "durable-functions";

    public static TheoryData<string> Both => new(Local, DurableFunctions);

    /// <summary>Starts <paramref name="name"/> with <paramref name="connectors"/> (default: the built-in ones).</summary>
    public static async Task<IRuntimeUnderTest> StartAsync(string name, ConnectorRegistry? connectors = null) => name switch
    {
        Local => LocalRuntimeUnderTest.Start(connectors ?? BuiltInConnectors.Create()),
        DurableFunctions => await DurableRuntimeUnderTest.StartAsync(connectors ?? BuiltInConnectors.Create()),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such runtime"),
    };
}
