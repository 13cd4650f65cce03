using DurableIngest.Connectors;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// The workflow's failure handling, the same test on the local runtime and on the Functions app on the Durable Task
/// engine: faults come from a scripted source, everything else is real (file sink, run store, retries, fan-in).
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class IngestionOrchestratorTests : IDisposable
{
    // Timers may fire a millisecond or so before their due time; the backoff is checked as a lower bound less that.
    private const double TimerJitter = 0.02;

    private readonly string _catalog = Directory.CreateTempSubdirectory("di-orchestrator-").FullName;

    public void Dispose() => Directory.Delete(_catalog, recursive: true);

    [Theory]
    [MemberData(nameof(Runtimes.Both), MemberType = typeof(Runtimes))]
    public async Task Run_TransientChunkFailure_IsRetriedWithTheConfiguredAttemptsAndBackoff(string runtime)
    {
        var source = new ScriptedSource(30);
        source.TransientFailures[ScriptedSource.NameOf(10)] = 2;

        var (run, summary) = await RunAsync(runtime, source, ScriptedSource.Workflow(_catalog, maxAttempts: 3, backoffSeconds: 0.5, backoffFactor: 2));

        Assert.Equal((RunStatus.Completed, 30, 0), (summary.Status, summary.Succeeded, summary.Failed));
        var attempts = source.AttemptTimesOf(ScriptedSource.NameOf(10));
        Assert.Equal(3, attempts.Count);
        // The first retry waits backoffSeconds, the second backoffSeconds × backoffFactor (less a timer tick's jitter).
        Assert.InRange((attempts[1] - attempts[0]).TotalSeconds, 0.5 - TimerJitter, 30);
        Assert.InRange((attempts[2] - attempts[1]).TotalSeconds, 1.0 - TimerJitter, 30);
        Assert.Equal(RunStatus.Completed, run.Result!.Status);
    }

    [Theory]
    [MemberData(nameof(Runtimes.Both), MemberType = typeof(Runtimes))]
    public async Task Run_ChunkExhaustsItsRetries_RecordsItsEntitiesAsFailedAndCompletesWithErrors(string runtime)
    {
        var source = new ScriptedSource(30);
        source.TransientFailures[ScriptedSource.NameOf(10)] = -1;

        var (run, summary) = await RunAsync(runtime, source, ScriptedSource.Workflow(_catalog, maxAttempts: 2, successThreshold: 90));

        Assert.Equal(2, source.Reads.Count(r => r == ScriptedSource.NameOf(10)));
        Assert.Equal((RunStatus.CompletedWithErrors, 20, 10, 1), (summary.Status, summary.Succeeded, summary.Failed, summary.ChunksExhausted));
        Assert.All(summary.Failures, f => Assert.Equal("RetriesExhausted", f.ErrorType));
        Assert.All(summary.Failures, f => Assert.Contains("TransientException: connection reset while reading chunk starting at t0010", f.Message, StringComparison.Ordinal));
        Assert.Equal(RunStatus.CompletedWithErrors, run.Result!.Status);
    }

    [Theory]
    [MemberData(nameof(Runtimes.Both), MemberType = typeof(Runtimes))]
    public async Task Run_DiscoveryFails_IsFailedWithTheReason(string runtime)
    {
        var source = new ScriptedSource(10) { FailDiscovery = true };

        var (run, summary) = await RunAsync(runtime, source, ScriptedSource.Workflow(_catalog, maxAttempts: 2));

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(RunStatus.Failed, run.Result!.Status);
        Assert.Equal("discovery failed: permission denied for schema public", summary.Error);
        Assert.Empty(Directory.GetFiles(_catalog, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ExhaustedChunkAndFailedDiscovery_OnBothRuntimes_ReadTheSameInTheSummary()
    {
        var outcomes = new List<(string? Error, string[] Failures)>();
        foreach (var runtime in new[] { Runtimes.Local, Runtimes.DurableFunctions })
        {
            var exhausted = new ScriptedSource(12);
            exhausted.TransientFailures[ScriptedSource.NameOf(0)] = -1;
            var (_, chunk) = await RunAsync(runtime, exhausted, ScriptedSource.Workflow(Path.Combine(_catalog, runtime), maxAttempts: 1));
            var (_, discovery) = await RunAsync(runtime, new ScriptedSource(3) { FailDiscovery = true }, ScriptedSource.Workflow(Path.Combine(_catalog, runtime), maxAttempts: 1));
            outcomes.Add((discovery.Error, [.. chunk.Failures.Select(f => $"{f.Entity} {f.Stage} {f.ErrorType} {f.Message}")]));
        }

        Assert.Equal(outcomes[0].Error, outcomes[1].Error);
        Assert.Equal(outcomes[0].Failures, outcomes[1].Failures);
        Assert.NotEmpty(outcomes[0].Failures);
    }

    private static async Task<(FinishedRun Run, RunSummary Summary)> RunAsync(string runtimeName, ScriptedSource source, string workflow)
    {
        await using var runtime = await Runtimes.StartAsync(runtimeName, new ConnectorRegistry([source], [new FileSinkProvider()]));
        var run = await runtime.RunAsync(workflow, $"run-{Guid.NewGuid():N}"[..16]);
        Assert.True(run.Result is not null, $"{runtimeName}: {run.RuntimeStatus} {run.Error}");
        return (run, await runtime.Store.ReadRequiredAsync<RunSummary>(run.Result.SummaryKey, CancellationToken.None));
    }
}
