using System.Text.Json;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Sinks;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// The file sink's disk fills up during a real <c>durable-ingest ingest</c> (a 1 MiB tmpfs, most of it taken by another
/// file): the tables that no longer fit fail with ENOSPC named, nothing half-written is left, and once the space is freed
/// the next run of the same workflow writes exactly the missing tables.
/// </summary>
public sealed class FileSinkDiskFullTests(ITestOutputHelper output) : IDisposable
{
    private const int Tables = 200;
    private readonly FaultWorkspace _workspace = new("di-disk-full-", Tables);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Ingest_CatalogDiskFullMidRun_FailsTheTablesThatDidNotFitWithEnospcAndTheNextRunWritesThem()
    {
        var store = Path.Combine(_workspace.Work, "store");
        var cleanCatalog = Path.Combine(_workspace.Work, "clean-catalog");
        var clean = await CliProcess.RunAsync(
            _workspace.Work, "ingest", "-c", _workspace.WriteWorkflow("clean.yaml", FaultWorkspace.FileSink(cleanCatalog), FaultWorkspace.LocalStore(Path.Combine(_workspace.Work, "clean-store"))), "--run-id", "clean");
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        var expected = CatalogSnapshot.Take(cleanCatalog);
        Assert.Equal(Tables, expected.Count);

        using var disk = TmpfsMount.Create(_workspace.Work, "1m");
        // Another file takes most of the disk: each ~1 KB document takes a 4 KiB page, so about half of them still fit.
        var filler = Path.Combine(disk.Path, "filler.bin");
        await File.WriteAllBytesAsync(filler, new byte[600 * 1024]);
        var catalog = Path.Combine(disk.Path, "catalog");
        var config = _workspace.WriteWorkflow("full.yaml", FaultWorkspace.FileSink(catalog), FaultWorkspace.LocalStore(store));

        var full = await CliProcess.RunAsync(_workspace.Work, "ingest", "-c", config, "--run-id", "disk-full");

        output.WriteLine(full.Output + full.Error);
        Assert.True(full.ExitCode == ExitCodes.RunFailed, $"exit {full.ExitCode}\n{full.Output}\n{full.Error}");
        var runStore = new LocalDirectoryRunStore(store);
        var outcomes = await OutcomesAsync(runStore, "disk-full");
        var failed = outcomes.Where(o => o.Outcome == SinkOutcome.Failed).ToList();
        var written = CatalogSnapshot.Take(catalog);
        Assert.Equal(Tables, outcomes.Count);
        Assert.True(failed.Count > 0 && written.Count > 0, $"{failed.Count} failed and {written.Count} written: the disk should have filled up half way");
        Assert.Equal(Tables, failed.Count + written.Count);
        Assert.All(written, document => Assert.Equal(expected[document.Key], document.Value));
        Assert.All(failed, o => Assert.StartsWith("no space left on device (ENOSPC) writing faults/warehouse/main/", o.Failure!.Message, StringComparison.Ordinal));
        Assert.All(failed, o => Assert.DoesNotContain(" at ", o.Failure!.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(" at DurableIngest", full.Output + full.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(disk.Path, "*.tmp", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(catalog, FileSink.StagingFolderName)), "the run's staging folder was left behind");
        using (var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(store, RunKeys.Summary("disk-full")))))
        {
            Assert.Equal(
                ("CompletedWithErrors", Tables, written.Count, failed.Count),
                (summary.RootElement.GetProperty("status").GetString(), summary.RootElement.GetProperty("total").GetInt32(),
                    summary.RootElement.GetProperty("succeeded").GetInt32(), summary.RootElement.GetProperty("failed").GetInt32()));
        }

        File.Delete(filler);
        var again = await CliProcess.RunAsync(_workspace.Work, "ingest", "-c", config, "--run-id", "space-freed");

        output.WriteLine(again.Output + again.Error);
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.Output}\n{again.Error}");
        Assert.Equal(expected, CatalogSnapshot.Take(catalog));
        var second = await OutcomesAsync(runStore, "space-freed");
        Assert.Equal(
            failed.Select(o => o.FullyQualifiedName).Order(StringComparer.Ordinal),
            second.Where(o => o.Outcome == SinkOutcome.Created).Select(o => o.FullyQualifiedName).Order(StringComparer.Ordinal));
        Assert.Equal(written.Count, second.Count(o => o.Outcome == SinkOutcome.Unchanged));
        var figures = $"file sink disk full: {failed.Count} of {Tables} tables failed with ENOSPC, {written.Count} written, no temporary file left; "
            + $"after freeing space the next run created {failed.Count} and left {written.Count} unchanged";
        output.WriteLine(figures);
        Console.WriteLine(figures);
    }

    private static async Task<List<EntityOutcome>> OutcomesAsync(IRunStore store, string runId)
    {
        var outcomes = new List<EntityOutcome>();
        foreach (var key in await store.ListAsync(RunKeys.ResultsPrefix(runId), CancellationToken.None))
        {
            outcomes.AddRange((await store.ReadRequiredAsync<ChunkResultDocument>(key, CancellationToken.None)).Entities);
        }

        return outcomes;
    }
}
