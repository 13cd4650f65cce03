using System.Net;
using DurableIngest.Cli.Hosting;
using DurableIngest.Cli.Runtime;
using DurableIngest.Cli.Tests.Runtime;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>
/// Stopping and terminating runs of the serve host. A scripted source holds one chunk open (injected latency), so the
/// stop lands in the middle of a run at a known step: one chunk at a time, one table per chunk.
/// </summary>
public sealed class ServeShutdownTests : IDisposable
{
    private const int Tables = 10;
    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-stop-").FullName;
    private readonly ScriptedSource _source = new(Tables);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task GracefulStop_WithARunInFlight_LeavesItPendingAndTheNextStartResumesItFromItsJournal()
    {
        var first = await StartHostAsync("host-a");
        var gate = await StartRunHeldAtTableAsync(first, "stopped-1", table: 5);
        await first.StopAsync();
        var stopped = await StoredRuns.ReadStatusAsync(first.Store, "stopped-1", CancellationToken.None);
        var journaled = (await JournalReader.ReadAsync(first.Store, "stopped-1", CancellationToken.None)).Entries;
        var lease = await first.Store.GetAsync(RunKeys.Lease("stopped-1"), CancellationToken.None);
        await first.DisposeAsync();

        gate.SetResult();
        await using var second = await StartHostAsync("host-a");
        await second.Runs.ExecuteTask!;
        var finished = await second.WaitUntilFinishedAsync(second.StatusUri("stopped-1"));

        Assert.Equal(RunStatus.Pending, stopped!.RuntimeStatus);
        Assert.Equal(6, journaled.Count); // discovery and chunks 0-4; chunk 5 was cut off, not recorded
        Assert.Null(lease);
        Assert.Equal(RunStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(Tables, finished.Output!.Succeeded);
        var reads = _source.Reads.GroupBy(r => r).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(1, reads[ScriptedSource.NameOf(i)])); // replayed, not redone
        Assert.Equal(2, reads[ScriptedSource.NameOf(5)]);
    }

    [Fact]
    public async Task Start_RunsOwnedByAnotherHost_AreNotResumed()
    {
        await using (var owner = await StartHostAsync("host-a"))
        {
            await StartRunHeldAtTableAsync(owner, "owned-by-a", table: 2);
            await owner.StopAsync();
        }

        await using var other = await StartHostAsync("host-b");
        await other.Runs.ExecuteTask!;

        Assert.False(other.Runs.IsDriving("owned-by-a"));
        Assert.Equal(RunStatus.Pending, (await other.GetStatusAsync(other.StatusUri("owned-by-a"))).RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_RunInFlight_StopsItAsTerminatedAndARestartDoesNotResumeIt()
    {
        await using (var host = await StartHostAsync("host-a"))
        {
            await StartRunHeldAtTableAsync(host, "terminate-me", table: 3);

            using var terminate = await host.Client.PostAsync($"{IngestApi.Route}/terminate-me/terminate", null);
            var terminated = await host.WaitUntilFinishedAsync(host.StatusUri("terminate-me"));
            using var again = await host.Client.PostAsync($"{IngestApi.Route}/terminate-me/terminate", null);

            Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
            Assert.Equal(RunStatus.Terminated, terminated.RuntimeStatus);
            Assert.Null(terminated.Output);
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        await using var restarted = await StartHostAsync("host-a");
        await restarted.Runs.ExecuteTask!;

        Assert.False(restarted.Runs.IsDriving("terminate-me"));
        Assert.Equal(RunStatus.Terminated, (await restarted.GetStatusAsync(restarted.StatusUri("terminate-me"))).RuntimeStatus);
    }

    [Fact]
    public async Task Terminate_RunCutOffWhileItsHostIsDown_MarksItTerminatedAtOnce()
    {
        await using (var owner = await StartHostAsync("host-a"))
        {
            await StartRunHeldAtTableAsync(owner, "orphan", table: 1);
            await owner.StopAsync();
        }

        await using var other = await StartHostAsync("host-b");
        using var terminate = await other.Client.PostAsync($"{IngestApi.Route}/orphan/terminate", null);

        Assert.Equal(HttpStatusCode.Accepted, terminate.StatusCode);
        Assert.Equal(RunStatus.Terminated, (await other.GetStatusAsync(other.StatusUri("orphan"))).RuntimeStatus);
    }

    private Task<ServeTestHost> StartHostAsync(string hostId) =>
        ServeTestHost.StartAsync(_root, hostId: hostId, overrides: new ServeOverrides { Connectors = new ConnectorRegistry([_source], [new FileSinkProvider()]) });

    /// <summary>Starts a run over HTTP and returns once its chunk holding <paramref name="table"/> is being read (and held).</summary>
    private async Task<TaskCompletionSource> StartRunHeldAtTableAsync(ServeTestHost host, string runId, int table)
    {
        var gate = _source.Gates[ScriptedSource.NameOf(table)] = new TaskCompletionSource();
        // Not hedged: the held chunk stands for work in flight at shutdown, and a second attempt of it would be one more read.
        var yaml = ScriptedSource.Workflow(Path.Combine(_root, "catalog"), parallelism: 1, chunkSize: 1, hedgeSlowChunks: 0);
        using (var started = await host.Client.PostAsync($"{IngestApi.Route}?instanceId={runId}", ServeTestHost.Yaml(yaml)))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!_source.Reads.Contains(ScriptedSource.NameOf(table)))
        {
            await Task.Delay(10, guard.Token);
        }

        return gate;
    }
}
