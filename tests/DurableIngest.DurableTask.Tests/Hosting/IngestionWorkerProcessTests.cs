using System.Diagnostics;
using System.Globalization;
using DurableIngest.DurableTask.Client;
using DurableIngest.DurableTask.Hosting;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace DurableIngest.DurableTask.Tests.Hosting;

/// <summary>
/// Real <c>durable-ingest worker</c> processes sharing a task hub on Azurite, a real <c>durable-ingest ingest
/// --task-hub</c> client, a PostgreSQL database of <see cref="ScaleOutDatabase.Shape"/>: workers killed with kill -9 or
/// stopped with SIGTERM in the middle of a run (when the hub reports a third of the chunks done, whatever the machine's
/// speed), and what the hub holds scanned for secrets.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class IngestionWorkerProcessTests : IClassFixture<ScaleOutDatabase>
{
    // Short enough to keep the tests short; the default (30 s) is what the README recommends.
    private const string TakeoverSeconds = "10";
    private static readonly string[] Secrets = [PostgresServer.Password, AzuriteServer.AccountKey];

    private readonly ScaleOutDatabase _database;
    private readonly ITestOutputHelper _output;

    public IngestionWorkerProcessTests(ScaleOutDatabase database, ITestOutputHelper output)
    {
        _database = database;
        _output = output;
    }

    [Fact]
    public async Task Ingest_ThreeWorkersOneKilledMinus9MidRun_CompletesWithTheInProcessCatalogAndEveryChunkCountedOnce()
    {
        var inProcess = await _database.InProcessAsync();
        var hub = NewHubName("kill");
        var workers = await StartWorkersAsync(hub, 3);
        try
        {
            var run = await RunOnHubAsync(hub, "killed", async progress =>
            {
                await workers[0].KillAsync();
                Log($"killed worker {workers[0].Name} (kill -9) at {progress.ChunksDone}/{progress.ChunksTotal} chunks");
            });

            Log($"hub run {run.Seconds:F1} s ({run.AfterEventSeconds:F1} s after the kill; takeover {TakeoverSeconds} s), in-process run {inProcess.Seconds:F1} s, "
                + $"{ScaleOutDatabase.Shape.Tables:N0} tables built in {_database.BuildSeconds:F1} s");
            AssertCountedOnce(run.Summary);
            AssertSameCatalog(inProcess.Catalog, run.Catalog);
            Assert.True(workers.Skip(1).All(w => !w.HasExited), "the surviving workers kept running");
        }
        finally
        {
            await DisposeAllAsync(workers);
        }
    }

    [Fact]
    public async Task Ingest_WorkerStoppedGracefullyMidRun_LosesNothingAndTheOtherWorkerFinishes()
    {
        var inProcess = await _database.InProcessAsync();
        var hub = NewHubName("stop");
        var workers = await StartWorkersAsync(hub, 2);
        try
        {
            var stopSeconds = 0.0;
            var run = await RunOnHubAsync(hub, "stopped", async progress =>
            {
                var stopwatch = Stopwatch.StartNew();
                await workers[0].TerminateAsync(TimeSpan.FromSeconds(90));
                stopSeconds = stopwatch.Elapsed.TotalSeconds;
                Log($"stopped worker {workers[0].Name} (SIGTERM) at {progress.ChunksDone}/{progress.ChunksTotal} chunks; it exited {workers[0].ExitCode} after {stopSeconds:F1} s");
            });

            Assert.Equal(0, workers[0].ExitCode);
            Assert.Contains("stopped", workers[0].Output, StringComparison.Ordinal);
            Log($"hub run {run.Seconds:F1} s ({run.AfterEventSeconds:F1} s after the stop began, longest pause in progress afterwards {run.LongestPauseAfterEvent:F1} s; "
                + $"takeover {TakeoverSeconds} s), in-process run {inProcess.Seconds:F1} s");
            AssertCountedOnce(run.Summary);
            AssertSameCatalog(inProcess.Catalog, run.Catalog);
        }
        finally
        {
            await DisposeAllAsync(workers);
        }
    }

    [Fact]
    public async Task Ingest_PasswordFromEnvironmentVariable_AppearsNowhereInTheHubsQueuesTablesOrBlobs()
    {
        var hub = NewHubName("secret");
        var workers = await StartWorkersAsync(hub, 2);
        var scan = new HubScan(_database.Azurite);
        try
        {
            var run = await RunOnHubAsync(hub, "secret", _ => Task.CompletedTask, scan);
            AssertCountedOnce(run.Summary);
            await scan.ReadTablesAndBlobsAsync(CancellationToken.None);
        }
        finally
        {
            await DisposeAllAsync(workers);
        }

        Log($"scanned {scan.QueueMessagesSeen:N0} queue messages (sampled during the run), {scan.TableEntitiesSeen:N0} table entities, {scan.BlobsSeen:N0} blobs");
        // The scan reads what the hub holds: the run's chunk inputs are in the history table, its documents in the run store.
        Assert.True(scan.Contains("table " + hub + "History", "\"ChunkIndex\""), "the history table holds the chunk inputs");
        Assert.True(scan.Contains($"blob {hub}/runs/secret/", "scaleout"), "the run store holds the run's documents");
        Assert.True(scan.QueueMessagesSeen > 0, "queue messages were seen during the run");
        Assert.Empty(scan.Find(Secrets));
        foreach (var worker in workers)
        {
            Assert.Empty(SecretScan.FindInText($"worker {worker.Name} output", worker.Output, Secrets));
        }
    }

    private async Task<HubRun> RunOnHubAsync(string hub, string runId, Func<RunProgress, Task> midRun, HubScan? scan = null)
    {
        var catalog = Path.Combine(_database.Work, $"catalog-{hub}");
        var config = _database.WriteConfig($"{hub}.yaml", catalog);
        var control = CreateControl(hub);
        var stopwatch = Stopwatch.StartNew();
        using var client = CliProcess.Start(
            _database.Work, _database.ProcessEnvironment, "ingest", "-c", config, "--task-hub", hub, "--run-store-container", hub, "--run-id", runId, "--takeover", TakeoverSeconds);
        var output = client.StandardOutput.ReadToEndAsync();
        var error = client.StandardError.ReadToEndAsync();

        double? eventAt = null;
        var lastChange = 0.0;
        var longestPause = 0.0;
        var lastDone = -1;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        while (!client.HasExited)
        {
            var progress = (await control.GetStatusAsync(runId, deadline.Token))?.CustomStatus;
            if (scan is not null)
            {
                await scan.SampleQueuesAsync(deadline.Token);
            }

            if (progress is { Phase: RunProgress.Processing, ChunksTotal: > 0 } && progress.ChunksDone != lastDone)
            {
                var now = stopwatch.Elapsed.TotalSeconds;
                if (eventAt is not null)
                {
                    longestPause = Math.Max(longestPause, now - Math.Max(lastChange, eventAt.Value));
                }

                lastDone = progress.ChunksDone;
                lastChange = now;
                if (eventAt is null && progress.ChunksDone * 3 >= progress.ChunksTotal)
                {
                    eventAt = now;
                    await midRun(progress);
                }
            }

            await Task.Delay(100, deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            deadline.Token.ThrowIfCancellationRequested();
        }

        await client.WaitForExitAsync(deadline.Token);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var printed = await output + await error;
        Assert.True(client.ExitCode == 0, $"ingest --task-hub exited {client.ExitCode}:\n{printed}");
        Assert.Contains("Status", printed, StringComparison.Ordinal);
        Assert.Empty(SecretScan.FindInText("ingest output", printed, Secrets));
        Assert.True(eventAt is not null || scan is not null, "the run finished before a third of its chunks was seen done; nothing happened mid-run");

        using var store = new BlobRunStore(Storage().Account, hub);
        var summary = await store.ReadRequiredAsync<RunSummary>(RunKeys.Summary(runId), CancellationToken.None);
        var snapshot = CatalogSnapshot.Take(catalog);
        Directory.Delete(catalog, recursive: true);
        return new HubRun(summary, snapshot, seconds, eventAt is { } at ? seconds - at : 0, longestPause);
    }

    private async Task<List<WorkerProcess>> StartWorkersAsync(string hub, int count)
    {
        var workers = new List<WorkerProcess>();
        for (var i = 0; i < count; i++)
        {
            workers.Add(await WorkerProcess.StartAsync(
                $"{hub}-{i}",
                _database.Work,
                _database.ProcessEnvironment,
                "--task-hub", hub, "--run-store-container", hub, "--max-activities", "2", "--takeover", TakeoverSeconds, "--max-polling-interval", "0.5"));
        }

        return workers;
    }

    private TaskHubRunControl CreateControl(string hub)
    {
        var options = new TaskHubOptions { TaskHubName = hub, WorkerId = "test-observer", TakeoverTime = TimeSpan.FromSeconds(10), RunStoreContainer = hub };
        return new TaskHubRunControl(TaskHubService.Create(options, Storage(), NullLoggerFactory.Instance), new BlobRunStore(Storage().Account, options.RunStoreContainer), TimeProvider.System);
    }

    private TaskHubStorage Storage() => TaskHubStorage.Resolve(_database.Azurite.ConnectionString, _ => null, []) ?? throw new InvalidOperationException("Azurite's connection string");

    // Each table counted exactly once. A chunk that ran again (at least once: its first worker died or stopped mid-chunk)
    // finds the tables its first attempt wrote already there, unchanged, so created + unchanged, never updated.
    private void AssertCountedOnce(RunSummary summary)
    {
        var tables = ScaleOutDatabase.Shape.Tables;
        Log($"summary: {summary.Succeeded} succeeded ({summary.Created} created, {summary.Unchanged} written by an attempt that did not finish), {summary.Failed} failed, {summary.Chunks} chunks");
        Assert.Equal(RunStatus.Completed, summary.Status);
        Assert.Equal(tables, summary.Total);
        Assert.Equal(tables, summary.Succeeded);
        Assert.Equal(tables, summary.Created + summary.Unchanged);
        Assert.Equal(0, summary.Updated);
        Assert.Equal(0, summary.Failed);
        Assert.Equal(ScaleOutDatabase.Chunks, summary.Chunks);
        Assert.Equal(0, summary.ChunksExhausted);
    }

    private static void AssertSameCatalog(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
    {
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).ToList();
        var different = expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).Where(k => expected[k] != actual[k]).ToList();
        Assert.True(
            missing.Count + extra.Count + different.Count == 0,
            $"the hub run's catalog differs from the in-process run's: {missing.Count} missing ({string.Join(", ", missing.Take(5))}), "
            + $"{extra.Count} extra ({string.Join(", ", extra.Take(5))}), {different.Count} different ({string.Join(", ", different.Take(5))})");
        Assert.Equal(ScaleOutDatabase.Shape.Tables, actual.Count);
    }

    // Every worker is stopped before anything is asserted, so a failing check never leaves one running.
    private async Task DisposeAllAsync(List<WorkerProcess> workers)
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var worker in workers)
        {
            _output.WriteLine($"--- worker {worker.Name} (exit {worker.ExitCode.ToString(CultureInfo.InvariantCulture)}) ---\n{Tail(worker.Output, 15)}");
            Assert.Empty(SecretScan.FindInText($"worker {worker.Name} output", worker.Output, Secrets));
        }
    }

    private static string Tail(string text, int lines) => string.Join('\n', text.Split('\n').TakeLast(lines));

    private static string NewHubName(string hint) => hint + Guid.NewGuid().ToString("N")[..10];

    private void Log(string message)
    {
        _output.WriteLine(message);
        Console.WriteLine(message);
    }

    private sealed record HubRun(RunSummary Summary, SortedDictionary<string, string> Catalog, double Seconds, double AfterEventSeconds, double LongestPauseAfterEvent);
}
