using System.Net;
using DurableIngest.Cli.Hosting;
using DurableIngest.Cli.Runtime;
using DurableIngest.Cli.Tests.Runtime;
using DurableIngest.Connectors;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>
/// Stopping and terminating runs of the serve host. A scripted source holds one chunk open (injected latency), so the
/// stop lands in the middle of a run at a known step.
/// </summary>
public sealed class ServeShutdownTests : IDisposable
{
    private const int Tables = 10;
    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-stop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GracefulStop_WithARunInFlight_LeavesItPendingAndTheNextStartResumesItFromItsJournal()
    {
        var source = new ScriptedSource(Tables);
        var gate = source.Gates[ScriptedSource.NameOf(5)] = new TaskCompletionSource();
        var first = await ServeTestHost.StartAsync(_root, overrides: Overrides(source));
        using (var started = await first.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=stopped-1", ServeTestHost.Yaml(Yaml())))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        await WaitUntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(5)));
        await first.StopAsync();
        var store = first.Store;
        var stopped = await RunCatalog.ReadStatusAsync(store, "stopped-1", CancellationToken.None);
        var journaled = await store.ListAsync(RunKeys.JournalPrefix("stopped-1"), CancellationToken.None);
        var lease = await store.GetAsync(RunKeys.Lease("stopped-1"), CancellationToken.None);
        await first.DisposeAsync();

        gate.SetResult();
        await using var second = await ServeTestHost.StartAsync(_root, overrides: Overrides(source));
        await second.Runs.ExecuteTask!;
        var finished = await second.WaitUntilFinishedAsync(second.StatusUri("stopped-1"));

        Assert.Equal(RunStatus.Pending, stopped!.RuntimeStatus);
        Assert.Equal(6, journaled.Count); // discovery and chunks 0-4; chunk 5 was cut off, not recorded
        Assert.Null(lease);
        Assert.Equal(RunStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(Tables, finished.Output!.Succeeded);
        var reads = source.Reads.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(1, reads[ScriptedSource.NameOf(i)])); // replayed, not redone
        Assert.Equal(2, reads[ScriptedSource.NameOf(5)]);
    }

    [Fact]
    public async Task Start_RunsOwnedByAnotherHost_AreNotResumed()
    {
        var source = new ScriptedSource(Tables);
        source.Gates[ScriptedSource.NameOf(2)] = new TaskCompletionSource();
        await using (var owner = await ServeTestHost.StartAsync(_root, hostId: "host-a", overrides: Overrides(source)))
        {
            using var started = await owner.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=owned-by-a", ServeTestHost.Yaml(Yaml()));
            await WaitUntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(2)));
            await owner.StopAsync();
        }

        await using var other = await ServeTestHost.StartAsync(_root, hostId: "host-b", overrides: Overrides(source));
        await other.Runs.ExecuteTask!;

        Assert.False(other.Runs.IsDriving("owned-by-a"));
        Assert.Equal(RunStatus.Pending, (await other.GetStatusAsync(other.StatusUri("owned-by-a"))).RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_RunInFlight_StopsItAsTerminatedAndARestartDoesNotResumeIt()
    {
        var source = new ScriptedSource(Tables);
        source.Gates[ScriptedSource.NameOf(3)] = new TaskCompletionSource();
        await using (var host = await ServeTestHost.StartAsync(_root, overrides: Overrides(source)))
        {
            using var started = await host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=terminate-me", ServeTestHost.Yaml(Yaml()));
            await WaitUntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(3)));

            using var terminate = await host.Client.PostAsync($"{IngestEndpoints.Route}/terminate-me/terminate", null);
            var terminated = await host.WaitUntilFinishedAsync(host.StatusUri("terminate-me"));
            using var again = await host.Client.PostAsync($"{IngestEndpoints.Route}/terminate-me/terminate", null);

            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
            Assert.Equal(RunStatus.Terminated, terminated.RuntimeStatus);
            Assert.Null(terminated.Output);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        await using var restarted = await ServeTestHost.StartAsync(_root, overrides: Overrides(source));
        await restarted.Runs.ExecuteTask!;

        Assert.False(restarted.Runs.IsDriving("terminate-me"));
        Assert.Equal(RunStatus.Terminated, (await restarted.GetStatusAsync(restarted.StatusUri("terminate-me"))).RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_RunCutOffWhileItsHostWasDown_MarksItTerminatedAtOnce()
    {
        var source = new ScriptedSource(Tables);
        source.Gates[ScriptedSource.NameOf(1)] = new TaskCompletionSource();
        await using (var owner = await ServeTestHost.StartAsync(_root, hostId: "host-a", overrides: Overrides(source)))
        {
            using var started = await owner.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=orphan", ServeTestHost.Yaml(Yaml()));
            await WaitUntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(1)));
            await owner.StopAsync();
        }

        await using var other = await ServeTestHost.StartAsync(_root, hostId: "host-b", overrides: Overrides(source));
        using var terminate = await other.Client.PostAsync($"{IngestEndpoints.Route}/orphan/terminate", null);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(RunStatus.Terminated, (await other.GetStatusAsync(other.StatusUri("orphan"))).RuntimeStatus);
    }

    private static ServeOverrides Overrides(ScriptedSource source) =>
        new() { Connectors = new ConnectorRegistry([source], [new FileSinkProvider()]) };

    private string Yaml() => $"""
        source:
          type: scripted
          serviceName: svc
          serviceConnection:
            config:
              type: Scripted
              hostPort: localhost:1
          sourceConfig:
            config:
              type: DatabaseMetadata
        sink:
          type: file
          config:
            path: {Path.Combine(_root, "catalog")}
        workflowConfig:
          distributedExecution:
            enabled: true
            parallelism: 1
            chunkSize: 1
        """;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }
}
