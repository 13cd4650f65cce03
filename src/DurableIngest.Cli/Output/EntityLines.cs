using System.Globalization;
using DurableIngest.RunStore;
using DurableIngest.Sinks;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Output;

/// <summary>
/// <c>--log-entities</c>: one grep-able line per entity of a finished run, in chunk order, from the chunk results in the
/// run store (so a run on any runtime prints the same): <c>✓ Processed table: db.schema.table (n/N)</c> or
/// <c>✗ Failed table: db.schema.table (n/N) — reason</c>. <c>grep -c '✓ Processed'</c> counts the successes.
/// </summary>
internal static class EntityLines
{
    public static async Task WriteAsync(TextWriter writer, IRunStore store, RunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(summary);
        var runId = summary.RunId;
        var reasons = summary.Failures.GroupBy(f => f.Entity, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);
        var total = summary.Succeeded + summary.Failed;
        var n = 0;
        for (var chunk = 0; chunk < summary.Chunks; chunk++)
        {
            if (await store.ReadAsync<ChunkResultDocument>(RunKeys.Result(runId, chunk), cancellationToken) is { } result)
            {
                foreach (var entity in result.Entities)
                {
                    n++;
                    writer.WriteLine(entity.Outcome == SinkOutcome.Failed
                        ? Failed(entity.Entity, n, total, entity.Failure?.Message ?? "failed")
                        : string.Create(CultureInfo.InvariantCulture, $"✓ Processed table: {entity.Entity} ({n}/{total})"));
                }
            }
            else if (await store.ReadAsync<ChunkDocument>(RunKeys.Chunk(runId, chunk), cancellationToken) is { } exhausted)
            {
                // A chunk that exhausted its retries stored no result: its entities failed with the chunk's reason.
                foreach (var entity in exhausted.Entities)
                {
                    n++;
                    writer.WriteLine(Failed(entity.DisplayName, n, total, reasons.GetValueOrDefault(entity.DisplayName) ?? "its chunk exhausted its retries"));
                }
            }
        }
    }

    private static string Failed(string entity, int n, int total, string reason) =>
        string.Create(CultureInfo.InvariantCulture, $"✗ Failed table: {entity} ({n}/{total}) — {reason.ReplaceLineEndings(" ")}");
}
