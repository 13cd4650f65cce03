using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.Sinks;
using DurableIngest.Workflow.Incremental;
using DurableIngest.Workflow.Report;

namespace DurableIngest.Workflow;

/// <summary>
/// Fans a run in: every stored chunk result, plus the chunks that exhausted their retries, into one summary; the
/// tables seen on the way go to <paramref name="entities"/> for incremental state.
/// </summary>
internal sealed class SummaryBuilder(IRunStore store, RunEntities? entities = null)
{
    private readonly List<ChunkSpan> _chunks = [];

    /// <summary>Every chunk <see cref="BuildAsync"/> read, in chunk order, for the run report.</summary>
    public IReadOnlyList<ChunkSpan> Chunks => _chunks;

    /// <summary>When discovery ran, once <see cref="BuildAsync"/> read it (null when it did not record its times).</summary>
    public PhaseSpan? Discovery { get; private set; }

    public async Task<RunSummary> BuildAsync(RunManifest manifest, CompleteInput input, CancellationToken cancellationToken)
    {
        var failures = new List<FailureDetail>();
        var warnings = new List<string>();
        int succeeded = 0, failed = 0, created = 0, updated = 0, unchanged = 0, filtered = 0;
        var exhausted = input.ExhaustedChunks.ToDictionary(c => c.ChunkIndex, c => c.Error);

        if (input.Discovery is { } discovery)
        {
            var discoveryDocument = await store.ReadRequiredAsync<DiscoveryDocument>(RunKeys.Discovery(input.RunId), cancellationToken);
            entities?.Discovery = discoveryDocument;
            if (discoveryDocument is { StartedAt: { } started, FinishedAt: { } finished })
            {
                Discovery = new PhaseSpan(
                    "discovery", started, finished, $"{discoveryDocument.EntityCount} entities in {discoveryDocument.Schemas.Count} schemas, {discoveryDocument.Filtered.Count} filtered");
            }

            filtered = discoveryDocument.Filtered.Count;
            warnings.AddRange(discoveryDocument.Warnings);
            for (var index = 0; index < discovery.ChunkCount; index++)
            {
                if (exhausted.TryGetValue(index, out var error))
                {
                    var chunk = await store.ReadRequiredAsync<ChunkDocument>(RunKeys.Chunk(input.RunId, index), cancellationToken);
                    entities?.AddExhausted(chunk.Entities);
                    failed += chunk.Entities.Count;
                    _chunks.Add(new ChunkSpan(index, chunk.Entities.Count, chunk.Entities.Count, null, null, Exhausted: true, [.. chunk.Entities.Select(e => e.DisplayName)]));
                    failures.AddRange(chunk.Entities.Select(e => new FailureDetail(e.DisplayName, "chunk", $"chunk {index} exhausted its retries: {error}", "RetriesExhausted")));
                    continue;
                }

                var result = await store.ReadRequiredAsync<ChunkResultDocument>(RunKeys.Result(input.RunId, index), cancellationToken);
                warnings.AddRange(result.Warnings);
                _chunks.Add(new ChunkSpan(
                    index,
                    result.Entities.Count,
                    result.Entities.Count(e => e.Outcome == SinkOutcome.Failed),
                    result.StartedAt,
                    result.FinishedAt,
                    Exhausted: false,
                    [.. result.Entities.Select(e => e.Entity)]));
                foreach (var entity in result.Entities)
                {
                    entities?.Add(entity);
                    switch (entity.Outcome)
                    {
                        case SinkOutcome.Failed:
                            failed++;
                            failures.Add(entity.Failure ?? new FailureDetail(entity.Entity, "unknown", "failed", "Unknown"));
                            break;
                        case SinkOutcome.Created:
                            succeeded++;
                            created++;
                            break;
                        case SinkOutcome.Updated:
                            succeeded++;
                            updated++;
                            break;
                        default:
                            succeeded++;
                            unchanged++;
                            break;
                    }
                }
            }
        }

        var processed = succeeded + failed;
        var successPercent = processed == 0 ? (input.DiscoveryError is null ? 100 : 0) : Math.Round(100.0 * succeeded / processed, 2);
        var duration = Math.Max(0, (input.FinishedAt - input.StartedAt).TotalSeconds);
        var status = input.DiscoveryError is not null || (input.Discovery is { ChunkCount: > 0 } d && exhausted.Count == d.ChunkCount)
            ? RunStatus.Failed
            : successPercent < input.SuccessThreshold ? RunStatus.CompletedWithErrors : RunStatus.Completed;

        return new RunSummary
        {
            RunId = input.RunId,
            Status = status,
            Service = manifest.Service,
            SourceType = manifest.SourceType,
            SinkType = manifest.SinkType,
            StartedAt = input.StartedAt,
            FinishedAt = input.FinishedAt,
            DurationSeconds = Math.Round(duration, 3),
            Total = input.Discovery?.EntityCount ?? 0,
            Succeeded = succeeded,
            Failed = failed,
            Filtered = filtered,
            Warnings = warnings.Count,
            Created = created,
            Updated = updated,
            Unchanged = unchanged,
            Chunks = input.Discovery?.ChunkCount ?? 0,
            ChunksExhausted = exhausted.Count,
            EntitiesPerSecond = duration > 0 ? Math.Round(processed / duration, 1) : processed,
            SuccessPercent = successPercent,
            SuccessThreshold = input.SuccessThreshold,
            Error = input.DiscoveryError is null ? null : $"discovery failed: {input.DiscoveryError}",
            Failures = [.. failures.Take(RunSummary.MaxFailuresListed)],
            WarningMessages = [.. warnings.Take(RunSummary.MaxFailuresListed)],
        };
    }
}
