using System.Text.Json;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.RunStore;
using DurableIngest.Sinks;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Incremental;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Incremental;

/// <summary>Incremental runs: the real workflow and activities on the in-memory orchestration context, into a real file sink.</summary>
public sealed class IncrementalRunsTests
{
    private static string FileOf(InProcessWorkflow harness, string table, string? root = null) =>
        Path.Combine(root ?? harness.CatalogPath, "svc", "db", "public", table + ".json");

    private static async Task<RunSummary> RunAsync(InProcessWorkflow harness, string runId, string? yaml = null, RunOverrides? overrides = null)
    {
        return (await harness.RunAsync(yaml ?? harness.Yaml(), runId, overrides)).Summary;
    }

    private static async Task<ServiceState?> StateAsync(InProcessWorkflow harness) =>
        await harness.Store.ReadAsync<ServiceState>(RunKeys.ServiceState("svc"), CancellationToken.None);

    [Fact]
    public async Task Run_SecondRunNothingChanged_CallsNoSinkAndCountsEveryTableUnchanged()
    {
        await using var harness = new InProcessWorkflow(new ScriptedSource(12));
        await RunAsync(harness, "first");
        // The state is trusted: a document removed behind the run's back is not written again...
        File.Delete(FileOf(harness, ScriptedSource.NameOf(3)));

        var second = await RunAsync(harness, "second");

        Assert.Equal((RunStatus.Completed, 12, 0, 0, 0), (second.Status, second.Unchanged, second.Created, second.Updated, second.Deleted));
        Assert.False(File.Exists(FileOf(harness, ScriptedSource.NameOf(3))));

        // ...until a full run writes every table again.
        var full = await RunAsync(harness, "full", overrides: new RunOverrides(Full: true));

        Assert.Equal((1, 11), (full.Created, full.Unchanged));
        Assert.True(File.Exists(FileOf(harness, ScriptedSource.NameOf(3))));
    }

    [Fact]
    public async Task Run_SecondRunOneTableChanged_WritesOnlyThatTable()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        source.Descriptions[ScriptedSource.NameOf(4)] = "now documented";

        var second = await RunAsync(harness, "second");

        Assert.Equal((1, 9, 0), (second.Updated, second.Unchanged, second.Created));
        Assert.Contains("now documented", await File.ReadAllTextAsync(FileOf(harness, ScriptedSource.NameOf(4))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ChangedTableThatFails_KeepsItsOldHashAndIsWrittenByTheNextRun()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        var before = (await StateAsync(harness))!.Tables["svc.db.public.t0004"];
        source.Descriptions[ScriptedSource.NameOf(4)] = "changed";
        source.BadTables.Add(ScriptedSource.NameOf(4));

        var failing = await RunAsync(harness, "failing");

        Assert.Equal((RunStatus.Completed, 1, 0), (failing.Status, failing.Failed, failing.Deleted));
        Assert.Equal(before, (await StateAsync(harness))!.Tables["svc.db.public.t0004"]);

        source.BadTables.Clear();
        var next = await RunAsync(harness, "next");

        Assert.Equal((1, 9), (next.Updated, next.Unchanged));
        Assert.NotEqual(before, (await StateAsync(harness))!.Tables["svc.db.public.t0004"]);
    }

    [Fact]
    public async Task Run_TableDroppedFromTheSource_IsTombstonedOnceAndForgotten()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        source.Dropped.Add(ScriptedSource.NameOf(9));

        var second = await RunAsync(harness, "second");

        Assert.Equal((1, 9), (second.Deleted, second.Unchanged));
        using (var tombstone = JsonDocument.Parse(await File.ReadAllTextAsync(FileOf(harness, ScriptedSource.NameOf(9)))))
        {
            Assert.True(tombstone.RootElement.GetProperty("deleted").GetBoolean());
            Assert.Equal("svc.db.public", tombstone.RootElement.GetProperty("databaseSchema").GetString());
        }

        Assert.DoesNotContain("svc.db.public.t0009", (await StateAsync(harness))!.Tables.Keys);
        Assert.Equal(0, (await RunAsync(harness, "third")).Deleted);
    }

    [Fact]
    public async Task Run_MoreThanTwentyPercentGone_DeletesNothingWarnsAndDeletesOnceTheLimitIsRaised()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        var before = CatalogSnapshot.Take(harness.CatalogPath);
        source.Dropped.UnionWith([ScriptedSource.NameOf(1), ScriptedSource.NameOf(2), ScriptedSource.NameOf(3)]);

        var guarded = await RunAsync(harness, "guarded");

        Assert.Equal((RunStatus.Completed, 0, 1), (guarded.Status, guarded.Deleted, guarded.Warnings));
        Assert.Contains("3 of 10 known tables (30 %)", Assert.Single(guarded.WarningMessages), StringComparison.Ordinal);
        Assert.Equal(before, CatalogSnapshot.Take(harness.CatalogPath));
        Assert.Equal(10, (await StateAsync(harness))!.Tables.Count);

        var raised = await RunAsync(harness, "raised", harness.Yaml(sourceConfig: "markDeletedTablesMaxPercent: 50"));

        Assert.Equal((3, 0), (raised.Deleted, raised.Warnings));
        Assert.Equal(7, (await StateAsync(harness))!.Tables.Count);
    }

    [Fact]
    public async Task Run_TableFilteredOutOrMarkDeletedTablesOff_IsNotDeleted()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        source.FilteredOut.Add(ScriptedSource.NameOf(5));
        source.Dropped.Add(ScriptedSource.NameOf(6));

        var off = await RunAsync(harness, "off", harness.Yaml(sourceConfig: "markDeletedTables: false"));

        Assert.Equal((0, 8, 2), (off.Deleted, off.Unchanged, off.Filtered));
        var filtered = await RunAsync(harness, "filtered");

        Assert.Equal(1, filtered.Deleted);
        Assert.Contains("svc.db.public.t0005", (await StateAsync(harness))!.Tables.Keys);
        Assert.DoesNotContain("\"deleted\"", await File.ReadAllTextAsync(FileOf(harness, ScriptedSource.NameOf(5))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailedRun_DeletesNothingAndLeavesTheStateAsItWas()
    {
        var source = new ScriptedSource(10);
        await using var harness = new InProcessWorkflow(source);
        await RunAsync(harness, "first");
        source.FailDiscovery = true;

        var failed = await RunAsync(harness, "failed");

        Assert.Equal((RunStatus.Failed, 0), (failed.Status, failed.Deleted));
        var state = (await StateAsync(harness))!;
        Assert.Equal(("first", 10), (state.RunId, state.Tables.Count));
    }

    [Fact]
    public async Task Run_RunIntoAnotherSink_WritesEveryTableThere()
    {
        await using var harness = new InProcessWorkflow(new ScriptedSource(10));
        await RunAsync(harness, "first");
        var other = Directory.CreateTempSubdirectory("di-other-catalog-").FullName;
        try
        {
            var moved = await RunAsync(harness, "moved", harness.Yaml(catalogPath: other));

            Assert.Equal((10, 0, 0), (moved.Created, moved.Unchanged, moved.Deleted));
            Assert.True(File.Exists(FileOf(harness, ScriptedSource.NameOf(0), other)));
            Assert.Equal("moved", (await StateAsync(harness))!.RunId);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public async Task Run_State_HoldsTheHashEachDocumentCarries()
    {
        await using var harness = new InProcessWorkflow(new ScriptedSource(3));
        await RunAsync(harness, "first");

        var state = (await StateAsync(harness))!;
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(FileOf(harness, ScriptedSource.NameOf(1))));

        Assert.Equal(state.Tables["svc.db.public.t0001"], document.RootElement.GetProperty("sourceHash").GetString());
        Assert.Equal(TableHash.Length, state.Tables["svc.db.public.t0001"].Length);
        Assert.Equal(SinkOutcome.Unchanged, (await harness.Store.ReadRequiredAsync<ChunkResultDocument>(RunKeys.Result((await RunAsync(harness, "second")).RunId, 0), CancellationToken.None)).Entities[0].Outcome);
    }
}
