using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata.Requests;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// OpenMetadata accepts a foreign key only to a table it already has. A table is first sent with the keys whose
/// targets exist; once a missing target is written (in this batch, or by a later batch of the run in this process),
/// the table is sent again with its keys.
/// </summary>
internal sealed class ForeignKeyCompletion(OpenMetadataClient client, OpenMetadataRunState run, ILogger logger)
{
    /// <summary>Looks up, once per run, the tables outside the batch its foreign keys refer to.</summary>
    public async Task LearnReferredTablesAsync(IReadOnlyList<TableMetadata> batch, CancellationToken cancellationToken)
    {
        var inBatch = new HashSet<string>(batch.Select(t => t.FullyQualifiedName), StringComparer.Ordinal);
        var unknown = batch.SelectMany(TableRequestFactory.ReferredTables)
            .Where(fqn => !inBatch.Contains(fqn) && !run.IsKnownTable(fqn))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var fqn in unknown)
        {
            var response = await client.GetAsync($"{OpenMetadataTableWriter.TablesPath}/name/{Uri.EscapeDataString(fqn)}?include=all", cancellationToken);
            client.ThrowIfUnauthorized(response, "GET /v1/tables/name/{fqn}");
            if (response.IsSuccess)
            {
                run.AddKnownTable(fqn);
            }
        }
    }

    /// <summary>
    /// Sends again, with their foreign keys, the tables whose keys waited for a table written since: in this batch,
    /// or (waiting from an earlier batch of this run in this process) for a table of this batch. Keys the server
    /// refuses become a warning on the result of the batch's table that caused the send (the table itself, or the
    /// table whose arrival released an earlier batch's keys).
    /// </summary>
    public async Task CompleteAsync(List<PendingTable> pending, SinkWriteResult?[] results, bool partitionDetails, CancellationToken cancellationToken)
    {
        var retry = new Dictionary<string, (TableMetadata Table, int SentForeignKeys, int Origin)>(StringComparer.Ordinal);
        foreach (var table in pending.Where(p => results[p.Index] is { Outcome: not SinkOutcome.Failed }))
        {
            if (table.MissingTables.Count > 0)
            {
                retry[table.FullyQualifiedName] = (table.Table, CountForeignKeys(table.Request), table.Index);
            }

            foreach (var waiting in run.TakeWaiting(table.FullyQualifiedName))
            {
                retry.TryAdd(waiting.FullyQualifiedName, (waiting, -1, table.Index));
            }
        }

        while (retry.Count > 0)
        {
            await LearnReferredTablesAsync([.. retry.Values.Select(r => r.Table)], cancellationToken);
            var next = new Dictionary<string, (TableMetadata Table, int SentForeignKeys, int Origin)>(StringComparer.Ordinal);
            foreach (var (fqn, (table, sent, origin)) in retry)
            {
                var request = TableRequestFactory.Build(table, partitionDetails, run.IsKnownTable, out var missing);
                foreach (var referred in missing)
                {
                    run.WaitForTable(referred, table);
                    OpenMetadataLog.ForeignKeysDeferred(logger, fqn, referred);
                }

                if (CountForeignKeys(request) > sent)
                {
                    var response = await client.PutAsync(OpenMetadataTableWriter.TablesPath, OpenMetadataJson.Serialize(request), cancellationToken);
                    client.ThrowIfUnauthorized(response, "PUT /v1/tables");
                    if (!response.IsSuccess)
                    {
                        OpenMetadataLog.ForeignKeysRefused(logger, fqn, response.StatusCode, response.Message);
                        results[origin] = results[origin]!.WithWarning(
                            $"{fqn}: OpenMetadata refused its foreign keys ({response.StatusCode}: {response.Message}); the table is written without them.");
                    }
                }

                // The referred table may have been written by another chunk between our check and our note.
                foreach (var referred in missing.Where(run.IsKnownTable))
                {
                    foreach (var waiting in run.TakeWaiting(referred))
                    {
                        next.TryAdd(waiting.FullyQualifiedName, (waiting, -1, origin));
                    }
                }
            }

            retry = next;
        }
    }

    private static int CountForeignKeys(CreateTableRequest request) =>
        request.TableConstraints?.Count(c => c.ConstraintType == ConstraintType.ForeignKey) ?? 0;
}
