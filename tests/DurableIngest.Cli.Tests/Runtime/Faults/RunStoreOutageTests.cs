using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// The blob run store (a dedicated Azurite) stopped for 30 s in the middle of a real <c>durable-ingest ingest</c> and
/// started again on the same port over the same data: the run waits, then completes with nothing lost.
/// </summary>
public sealed partial class RunStoreOutageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private readonly FaultWorkspace _workspace = new("di-store-outage-", tables: 1_200);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Ingest_BlobRunStoreStoppedFor30SecondsMidRun_WaitsAndCompletesWithTheCatalogOfAnUninterruptedRun()
    {
        using var azurite = AzuriteServer.Start();
        var container = AzuriteServer.NewContainerName("outage");
        var runStore = $"      type: blob\n      connectionString: '{azurite.ConnectionString}'\n      container: {container}";
        var cleanCatalog = Path.Combine(_workspace.Work, "clean-catalog");
        var cleanWatch = Stopwatch.StartNew();
        var clean = await CliProcess.RunAsync(
            _workspace.Work, "ingest", "-c", _workspace.WriteWorkflow("clean.yaml", FaultWorkspace.FileSink(cleanCatalog), runStore), "--run-id", "clean");
        var cleanSeconds = cleanWatch.Elapsed.TotalSeconds;
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        var expected = CatalogSnapshot.Take(cleanCatalog);
        Assert.Equal(_workspace.Tables, expected.Count);

        var client = new BlobServiceClient(BlobConnectionString.Parse(azurite.ConnectionString));
        var catalog = Path.Combine(_workspace.Work, "catalog");
        var config = _workspace.WriteWorkflow("outage.yaml", FaultWorkspace.FileSink(catalog), runStore);
        var watch = Stopwatch.StartNew();
        using var process = CliProcess.Start(_workspace.Work, null, "ingest", "-c", config, "--run-id", "outage");
        var error = process.StandardError.ReadToEndAsync();
        var first = await process.StandardOutput.ReadLineAsync();
        if (first?.StartsWith("Run id:", StringComparison.Ordinal) != true)
        {
            Assert.Fail($"the run did not start: {first}\n{await error}");
        }

        var rest = process.StandardOutput.ReadToEndAsync();

        var journaledAtStop = await WaitForJournalAsync(client, container, "outage", steps: 10);
        azurite.Stop();
        var stoppedAt = watch.Elapsed;
        if (process.HasExited)
        {
            Assert.Fail($"the run ended before the store was stopped; the dataset is too small to prove anything\n{await error}");
        }

        await Task.Delay(Outage);
        if (process.HasExited)
        {
            Assert.Fail($"the run gave up while the store was down (exit {process.ExitCode})\n{await error}");
        }
        azurite.Restart();
        var restartedAt = watch.Elapsed;
        using (var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            await process.WaitForExitAsync(guard.Token);
        }

        var finishedAt = watch.Elapsed;
        var log = await error;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await rest}\n{log}");

        var differences = Differences(expected, CatalogSnapshot.Take(catalog));
        Assert.True(differences.Count == 0, "the catalog differs from the uninterrupted run's:\n" + string.Join('\n', differences));
        var store = RunStoreFactory.Create(new RunStoreOptions { Type = RunStoreOptions.BlobType, ConnectionString = azurite.ConnectionString, Container = container });
        using var disposable = store as IDisposable;
        var summary = await ReadJsonAsync(store, RunKeys.Summary("outage"));
        Assert.Equal(
            ("Completed", _workspace.Tables, _workspace.Tables, 0),
            (summary.GetProperty("status").GetString(), summary.GetProperty("total").GetInt32(), summary.GetProperty("succeeded").GetInt32(), summary.GetProperty("failed").GetInt32()));
        Assert.Equal("Completed", (await ReadJsonAsync(store, RunKeys.Status("outage"))).GetProperty("runtimeStatus").GetString());
        var journal = (await JournalReader.ReadAsync(store, "outage", CancellationToken.None)).Entries;
        var cleanJournal = (await JournalReader.ReadAsync(store, "clean", CancellationToken.None)).Entries;
        Assert.Equal(Enumerable.Range(1, cleanJournal.Count), journal.Keys.Order());
        Assert.All(journal.Values, entry => Assert.True(entry.Output is not null && entry.Failure is null, $"step {entry.Sequence} ({entry.Activity}) failed: {entry.Failure}"));
        Assert.Equal(cleanJournal.Values.OrderBy(e => e.Sequence).Select(e => e.Activity), journal.Values.OrderBy(e => e.Sequence).Select(e => e.Activity));

        var retries = RetryLine().Count(log);
        var recoveries = RecoveryLine().Count(log);
        Assert.True(retries > 0, "no run store retry was logged:\n" + log);
        Assert.DoesNotContain(BlobConnectionString.DevelopmentAccountKey, log, StringComparison.Ordinal);
        var activityRetries = journal.Values.Count(e => e.Attempts > 1);
        var figures = $"run store outage: uninterrupted run {cleanSeconds:F1} s; stopped at {stoppedAt.TotalSeconds:F1} s with {journaledAtStop}/{cleanJournal.Count} steps journaled, "
            + $"down {(restartedAt - stoppedAt).TotalSeconds:F1} s, run finished {(finishedAt - restartedAt).TotalSeconds:F1} s after the restart "
            + $"({finishedAt.TotalSeconds:F1} s in all); {retries} run store retries logged, {recoveries} operations recovered, {activityRetries} activity steps retried";
        output.WriteLine(figures);
        Console.WriteLine(figures);
    }

    private static async Task<int> WaitForJournalAsync(BlobServiceClient client, string container, string runId, int steps)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var journaled = (await client.ListBlobsAsync(container, RunKeys.JournalPrefix(runId), guard.Token)).Count;
            if (journaled >= steps)
            {
                return journaled;
            }

            await Task.Delay(20, guard.Token);
        }
    }

    private static async Task<JsonElement> ReadJsonAsync(IRunStore store, string key)
    {
        var document = await store.GetAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key} is missing");
        using var json = JsonDocument.Parse(document.Content);
        return json.RootElement.Clone();
    }

    private static List<string> Differences(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual) =>
        [.. expected.Keys.Union(actual.Keys)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Take(5)
            .Select(k => $"{k}: expected {expected.GetValueOrDefault(k) ?? "(absent)"}, got {actual.GetValueOrDefault(k) ?? "(absent)"}")];

    [GeneratedRegex(@"Run store .+ failed \(.+\); retry \d+ in")]
    private static partial Regex RetryLine();

    [GeneratedRegex(@"Run store .+ succeeded after \d+ retries")]
    private static partial Regex RecoveryLine();
}
