using DurableIngest.Failures;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// Writes a batch of tables by PUT: in one bulk request when the server offers it, otherwise (or for what a bulk
/// answer does not confirm) one request per table, so each refused table gets the server's own reason.
/// </summary>
internal sealed class OpenMetadataTableWriter(OpenMetadataClient client, OpenMetadataSinkOptions options, OpenMetadataRunState run, ILogger logger)
{
    public const string TablesPath = "v1/tables";
    private const string BulkTablesPath = "v1/tables/bulk";

    public async Task WriteAsync(List<PendingTable> pending, bool bulk, SinkWriteResult?[] results, CancellationToken cancellationToken)
    {
        if (bulk)
        {
            await WriteBulkAsync(pending, results, cancellationToken);
        }
        else
        {
            await WriteEachAsync(pending, results, cancellationToken);
        }
    }

    internal static SinkWriteResult Failed(string fqn, string stage, string message, string errorType) =>
        SinkWriteResult.Failed(fqn, new FailureDetail(fqn, stage, message, errorType));

    private async Task WriteEachAsync(IEnumerable<PendingTable> pending, SinkWriteResult?[] results, CancellationToken cancellationToken)
    {
        foreach (var table in pending)
        {
            var response = await client.PutAsync(TablesPath, table.Body, cancellationToken);
            client.ThrowIfUnauthorized(response, "PUT /v1/tables");
            if (response.IsSuccess)
            {
                run.AddKnownTable(table.FullyQualifiedName);
                results[table.Index] = new SinkWriteResult(table.FullyQualifiedName, response.StatusCode == 201 ? SinkOutcome.Created : SinkOutcome.Updated);
            }
            else
            {
                results[table.Index] = Failed(
                    table.FullyQualifiedName,
                    FailureDetail.WriteStage,
                    $"OpenMetadata refused the table ({response.StatusCode}): {response.Message}",
                    "OpenMetadataRejected");
            }
        }
    }

    private async Task WriteBulkAsync(List<PendingTable> pending, SinkWriteResult?[] results, CancellationToken cancellationToken)
    {
        var response = await client.PutAsync(BulkTablesPath, JoinArray(pending), cancellationToken);
        client.ThrowIfUnauthorized(response, "PUT /v1/tables/bulk");
        if (response.StatusCode is 404 or 405)
        {
            if (options.Bulk == BulkMode.Always)
            {
                throw new InvalidOperationException(
                    $"sink.config.bulk is 'always' but OpenMetadata at {client.ApiBase} has no bulk tables endpoint (HTTP {response.StatusCode}); set sink.config.bulk to auto or never.");
            }

            run.SetBulkAvailable(false);
            OpenMetadataLog.NoBulk(logger, client.ApiBase.AbsoluteUri, response.StatusCode);
            await WriteEachAsync(pending, results, cancellationToken);
            return;
        }

        if (!response.IsSuccess)
        {
            // A bulk is refused as a whole (one malformed entity fails the array); alone, each table gets its own verdict.
            OpenMetadataLog.BulkRefused(logger, pending.Count, response.StatusCode, response.Message);
            await WriteEachAsync(pending, results, cancellationToken);
            return;
        }

        run.SetBulkAvailable(true);
        var confirmed = BulkAnswer.ReadConfirmed(response.Body, pending);
        var resend = new List<PendingTable>();
        foreach (var table in pending)
        {
            if (confirmed.TryGetValue(table.FullyQualifiedName, out var outcome))
            {
                run.AddKnownTable(table.FullyQualifiedName);
                results[table.Index] = new SinkWriteResult(table.FullyQualifiedName, outcome);
            }
            else
            {
                resend.Add(table);
            }
        }

        // A bulk failure names no status code; sent alone, the table gets a definite answer and the server's own message.
        await WriteEachAsync(resend, results, cancellationToken);
    }

    private static byte[] JoinArray(List<PendingTable> pending)
    {
        var size = 2 + pending.Sum(p => p.Body.Length + 1);
        var buffer = new byte[size - (pending.Count > 0 ? 1 : 0)];
        var offset = 0;
        buffer[offset++] = (byte)'[';
        for (var i = 0; i < pending.Count; i++)
        {
            if (i > 0)
            {
                buffer[offset++] = (byte)',';
            }

            pending[i].Body.CopyTo(buffer, offset);
            offset += pending[i].Body.Length;
        }

        buffer[offset] = (byte)']';
        return buffer;
    }
}
