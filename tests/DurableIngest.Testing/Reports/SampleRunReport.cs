using DurableIngest.Failures;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Report;

namespace DurableIngest.Testing.Reports;

/// <summary>
/// A run report with everything a report can show, built from known numbers: discovery, 40 chunks of 50 on 4 slots
/// (each 1 s, chunk 17 a 10 s straggler), chunk 5 retried twice, chunk 30 exhausted after three attempts, failed tables
/// with messages that look like markup, and warnings.
/// </summary>
public static class SampleRunReport
{
    public const int ChunkCount = 40;
    public const int ChunkSize = 50;
    public const int StragglerChunk = 17;
    public const int RetriedChunk = 5;
    public const int ExhaustedChunk = 30;
    public const string MarkupMessage = "relation \"<script>alert(1)</script>\" does not exist";

    public static readonly DateTime Start = new(2026, 11, 29, 2, 0, 0, DateTimeKind.Utc);

    public static RunReport Build()
    {
        var chunks = new List<ChunkSpan>();
        var attempts = new List<FailedAttemptDocument>();
        var slotFree = new DateTime[4];
        Array.Fill(slotFree, Start.AddSeconds(2));
        for (var index = 0; index < ChunkCount; index++)
        {
            var slot = Array.IndexOf(slotFree, slotFree.Min());
            var begin = slotFree[slot];
            var names = Enumerable.Range(index * ChunkSize, ChunkSize).Select(i => $"db.public.t{i:D4}").ToList();
            if (index == RetriedChunk || index == ExhaustedChunk)
            {
                var failures = index == ExhaustedChunk ? 3 : 2;
                for (var attempt = 0; attempt < failures; attempt++)
                {
                    attempts.Add(new FailedAttemptDocument(
                        ActivityNames.ProcessChunk, index, begin, begin.AddSeconds(0.4), nameof(TimeoutException), "connection reset by peer", IsTransient: true));
                    begin = begin.AddSeconds(0.4 + (0.5 * (attempt + 1)));
                }
            }

            if (index == ExhaustedChunk)
            {
                chunks.Add(new ChunkSpan(index, ChunkSize, ChunkSize, null, null, Exhausted: true, names));
                slotFree[slot] = begin;
                continue;
            }

            var seconds = index == StragglerChunk ? 10 : 1;
            var failed = index % 9 == 4 ? 2 : 0;
            chunks.Add(new ChunkSpan(index, ChunkSize, failed, begin, begin.AddSeconds(seconds), Exhausted: false, names));
            slotFree[slot] = begin.AddSeconds(seconds);
        }

        var finished = slotFree.Max().AddSeconds(0.5);
        var failedEntities = chunks.Sum(c => c.Failed);
        var summary = new RunSummary
        {
            RunId = "nightly-2026-11-29",
            Status = RunStatus.CompletedWithErrors,
            Service = "warehouse",
            SourceType = "postgres",
            SinkType = "openmetadata",
            StartedAt = Start,
            FinishedAt = finished,
            DurationSeconds = (finished - Start).TotalSeconds,
            Total = ChunkCount * ChunkSize,
            Succeeded = (ChunkCount * ChunkSize) - failedEntities,
            Failed = failedEntities,
            Created = (ChunkCount * ChunkSize) - failedEntities,
            Chunks = ChunkCount,
            ChunksExhausted = 1,
            Warnings = 2,
            EntitiesPerSecond = Math.Round(((ChunkCount * ChunkSize) - ChunkSize) / (finished - Start).TotalSeconds, 1),
            SuccessPercent = Math.Round(100.0 * ((ChunkCount * ChunkSize) - failedEntities) / (ChunkCount * ChunkSize), 2),
            SuccessThreshold = 99,
            Failures =
            [
                new FailureDetail("db.public.t0200", FailureDetail.ReadStage, MarkupMessage, "PostgresException"),
                new FailureDetail("db.public.t1500", "chunk", "chunk 30 exhausted its retries: connection reset by peer", "RetriesExhausted"),
            ],
            WarningMessages = ["schema audit: permission denied", "foreign key orders_fk refused by the catalog"],
        };
        var discovery = new PhaseSpan("discovery", Start.AddSeconds(0.2), Start.AddSeconds(1.9), $"{ChunkCount * ChunkSize} entities in 3 schemas, 0 filtered");
        return new RunReport(summary, chunks, attempts, discovery);
    }
}
