using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Sinks;
using DurableIngest.Sources;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow;

/// <summary>The fan-in: stored chunk results and exhausted chunks into one summary, counted once each.</summary>
public sealed class SummaryBuilderTests
{
    private const string RunId = "run-1";
    private static readonly DateTime Start = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private readonly InMemoryRunStore _store = new();

    [Fact]
    public async Task BuildAsync_ResultsAndAnExhaustedChunk_CountsEveryEntityOnceWithItsReason()
    {
        await StoreDiscoveryAsync(chunks: 3, filtered: 2, warnings: ["schema audit: permission denied"]);
        await StoreResultAsync(0, [Outcome("a", SinkOutcome.Created), Outcome("b", SinkOutcome.Updated), Outcome("c", SinkOutcome.Unchanged)], ["a: foreign keys refused"]);
        await StoreResultAsync(1, [Outcome("d", SinkOutcome.Created), Failed("e", "column type unknown")], []);
        await StoreChunkAsync(2, ["f", "g"]);

        var summary = await BuildAsync(Input(chunks: 3, entities: 7, seconds: 4, exhausted: [new ExhaustedChunk(2, "TransientException: connection reset")]));

        Assert.Equal((7, 4, 3, 2, 1, 1, 2), (summary.Total, summary.Succeeded, summary.Failed, summary.Created, summary.Updated, summary.Unchanged, summary.Filtered));
        Assert.Equal(["schema audit: permission denied", "a: foreign keys refused"], summary.WarningMessages);
        Assert.Equal(2, summary.Warnings);
        Assert.Equal(
            ["db.public.e: column type unknown", "db.public.f: chunk 2 exhausted its retries: TransientException: connection reset", "db.public.g: chunk 2 exhausted its retries: TransientException: connection reset"],
            summary.Failures.Select(f => $"{f.Entity}: {f.Message}"));
        Assert.Equal((3, 1), (summary.Chunks, summary.ChunksExhausted));
        Assert.Equal(57.14, summary.SuccessPercent);
        Assert.Equal(4, summary.DurationSeconds);
        Assert.Equal(1.8, summary.EntitiesPerSecond);
        Assert.Equal(RunStatus.CompletedWithErrors, summary.Status);
    }

    [Theory]
    [InlineData(75, RunStatus.Completed)]
    [InlineData(75.01, RunStatus.CompletedWithErrors)]
    public async Task BuildAsync_SuccessAgainstThreshold_SetsTheStatus(double threshold, RunStatus expected)
    {
        await StoreDiscoveryAsync(chunks: 1);
        await StoreResultAsync(0, [Outcome("a", SinkOutcome.Created), Outcome("b", SinkOutcome.Created), Outcome("c", SinkOutcome.Created), Failed("d", "bad")], []);

        var summary = await BuildAsync(Input(chunks: 1, entities: 4, threshold: threshold));

        Assert.Equal(75, summary.SuccessPercent);
        Assert.Equal(expected, summary.Status);
    }

    [Fact]
    public async Task BuildAsync_EveryChunkExhausted_IsFailed()
    {
        await StoreDiscoveryAsync(chunks: 2);
        await StoreChunkAsync(0, ["a"]);
        await StoreChunkAsync(1, ["b"]);

        var summary = await BuildAsync(Input(chunks: 2, entities: 2, exhausted: [new ExhaustedChunk(0, "x"), new ExhaustedChunk(1, "y")]));

        Assert.Equal((0, 2, 0), (summary.Succeeded, summary.Failed, summary.SuccessPercent));
        Assert.Equal(RunStatus.Failed, summary.Status);
    }

    [Fact]
    public async Task BuildAsync_DiscoveryFailed_IsFailedWithTheErrorAndNothingCounted()
    {
        var input = new CompleteInput(RunId, Start, Start.AddSeconds(1), 90, Discovery: null, DiscoveryError: "password authentication failed for user \"ingest\"", []);

        var summary = await BuildAsync(input);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal("discovery failed: password authentication failed for user \"ingest\"", summary.Error);
        Assert.Equal((0, 0, 0, 0), (summary.Total, summary.Succeeded, summary.Failed, summary.SuccessPercent));
    }

    [Fact]
    public async Task BuildAsync_NothingToIngest_IsCompletedAtOneHundredPercent()
    {
        await StoreDiscoveryAsync(chunks: 0, filtered: 3);

        var summary = await BuildAsync(Input(chunks: 0, entities: 0));

        Assert.Equal((RunStatus.Completed, 100.0, 3), (summary.Status, summary.SuccessPercent, summary.Filtered));
    }

    [Fact]
    public async Task BuildAsync_ManyFailures_ListsTheFirstHundredAndCountsThemAll()
    {
        await StoreDiscoveryAsync(chunks: 1);
        await StoreResultAsync(0, [.. Enumerable.Range(0, 150).Select(i => Failed($"t{i:D3}", "bad"))], []);

        var summary = await BuildAsync(Input(chunks: 1, entities: 150));

        Assert.Equal(150, summary.Failed);
        Assert.Equal(RunSummary.MaxFailuresListed, summary.Failures.Count);
    }

    private Task<RunSummary> BuildAsync(CompleteInput input) =>
        new SummaryBuilder(_store).BuildAsync(Manifest, input, CancellationToken.None);

    private static RunManifest Manifest => new(
        RunId, Start, new IngestionRequest(RunId, 2, 10, new ActivityRetryPolicy(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), 90),
        "svc", "postgres", "file", null, "sha");

    private static CompleteInput Input(int chunks, int entities, double seconds = 2, double threshold = 90, IReadOnlyList<ExhaustedChunk>? exhausted = null) =>
        new(RunId, Start, Start.AddSeconds(seconds), threshold, new DiscoveryOutcome(entities, 0, chunks, 1, 0), null, exhausted ?? []);

    private static EntityOutcome Outcome(string table, SinkOutcome outcome) => new($"db.public.{table}", $"svc.db.public.{table}", outcome);

    private static EntityOutcome Failed(string table, string reason) =>
        new($"db.public.{table}", $"svc.db.public.{table}", SinkOutcome.Failed, new FailureDetail($"db.public.{table}", FailureDetail.ReadStage, reason, "InvalidOperationException"));

    private Task StoreDiscoveryAsync(int chunks, int filtered = 0, IReadOnlyList<string>? warnings = null) =>
        _store.WriteAsync(
            RunKeys.Discovery(RunId),
            new DiscoveryDocument(0, chunks, 10, [new SchemaRef("svc", "db", "public")], [.. Enumerable.Range(0, filtered).Select(i => new FilteredEntity($"db.public.x{i}", "table filter"))], warnings ?? []),
            CancellationToken.None);

    private Task StoreResultAsync(int chunk, IReadOnlyList<EntityOutcome> entities, IReadOnlyList<string> warnings) =>
        _store.WriteAsync(RunKeys.Result(RunId, chunk), new ChunkResultDocument(chunk, entities, warnings), CancellationToken.None);

    private Task StoreChunkAsync(int chunk, IReadOnlyList<string> tables) =>
        _store.WriteAsync(RunKeys.Chunk(RunId, chunk), new ChunkDocument(chunk, [.. tables.Select(t => new DiscoveredEntity("db", "public", t, TableType.Regular))]), CancellationToken.None);
}
