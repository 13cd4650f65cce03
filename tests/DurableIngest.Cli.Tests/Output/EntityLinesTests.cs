using DurableIngest.Cli.Output;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Sinks;
using DurableIngest.Sources;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Output;

public sealed class EntityLinesTests
{
    private const string RunId = "run-1";

    [Fact]
    public async Task WriteAsync_ProcessedFailedAndExhausted_OneLinePerEntityInChunkOrderWithReasons()
    {
        var store = new InMemoryRunStore();
        await store.WriteAsync(RunKeys.Result(RunId, 0), new ChunkResultDocument(0,
        [
            new EntityOutcome("db.s.a", "svc.db.s.a", SinkOutcome.Created),
            new EntityOutcome("db.s.b", null, SinkOutcome.Failed, new FailureDetail("db.s.b", FailureDetail.ReadStage, "permission denied for table b", "PostgresException")),
            new EntityOutcome("db.s.c", "svc.db.s.c", SinkOutcome.Unchanged),
        ], []), CancellationToken.None);
        await store.WriteAsync(RunKeys.Chunk(RunId, 1), new ChunkDocument(1, [new DiscoveredEntity("db", "s", "d", TableType.Regular)]), CancellationToken.None);
        var summary = new RunSummary
        {
            RunId = RunId, Status = RunStatus.CompletedWithErrors, Service = "svc", SourceType = "postgres", SinkType = "file",
            StartedAt = DateTime.UnixEpoch, FinishedAt = DateTime.UnixEpoch, Succeeded = 2, Failed = 2, Chunks = 2,
            Failures = [new FailureDetail("db.s.d", "chunk", "chunk 1 exhausted its retries: TransientException: connection reset", "RetriesExhausted")],
        };
        var output = new StringWriter();

        await EntityLines.WriteAsync(output, store, summary, CancellationToken.None);

        Assert.Equal(
            [
                "✓ Processed table: db.s.a (1/4)",
                "✗ Failed table: db.s.b (2/4) — permission denied for table b",
                "✓ Processed table: db.s.c (3/4)",
                "✗ Failed table: db.s.d (4/4) — chunk 1 exhausted its retries: TransientException: connection reset",
            ],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
