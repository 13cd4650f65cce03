using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Failures;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The <c>metadata-rest</c> sink: creates or updates, by PUT, the database service, databases and schemas (once per
/// run, before their tables) and then the tables, in bulk when the server offers it. A table the server refuses
/// (4xx) is a failure carrying the server's message; refused credentials fail the batch; a server that stays
/// unavailable after the retries throws <see cref="TransientException"/> so the workflow retries the chunk.
/// </summary>
public sealed class OpenMetadataSink : ICatalogSink
{
    private readonly OpenMetadataClient _client;
    private readonly OpenMetadataServerVersion _version;
    private readonly OpenMetadataParents _parents;
    private readonly OpenMetadataTableWriter _writer;
    private readonly ForeignKeyCompletion _foreignKeys;
    private readonly OpenMetadataRunState _run;

    internal OpenMetadataSink(OpenMetadataSinkOptions options, ConnectorContext context, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var service = context.Service ?? throw new InvalidOperationException(
            "The metadata-rest sink needs the run's service (ConnectorContext.Service) to create the database service.");
        var logger = context.LoggerFactory.CreateLogger<OpenMetadataSink>();
        _client = new OpenMetadataClient(options, context.Time, logger, http);
        _run = OpenMetadataRunState.For(options.ApiBase, context.RunId);
        _version = new OpenMetadataServerVersion(_client, options, _run, logger);
        _parents = new OpenMetadataParents(_client, service, _run);
        _writer = new OpenMetadataTableWriter(_client, options, _run, logger);
        _foreignKeys = new ForeignKeyCompletion(_client, _run, logger);
    }

    public async Task<IReadOnlyList<SinkWriteResult>> WriteAsync(IReadOnlyList<TableMetadata> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new SinkWriteResult?[tables.Count];
        var version = await _version.GetOrNullAsync(cancellationToken);
        var partitionDetails = OpenMetadataServerVersion.HasPartitionDetails(version);

        var sendable = new List<int>();
        for (var i = 0; i < tables.Count; i++)
        {
            if (TableRequestFactory.FindProblem(tables[i]) is { } problem)
            {
                results[i] = OpenMetadataTableWriter.Failed(tables[i].FullyQualifiedName, FailureDetail.WriteStage, problem, "InvalidEntity");
            }
            else
            {
                sendable.Add(i);
            }
        }

        var writable = new List<int>();
        foreach (var group in sendable.GroupBy(i => tables[i].Schema))
        {
            var parent = await _parents.EnsureSchemaAsync(group.Key, cancellationToken);
            foreach (var i in group)
            {
                if (parent.Succeeded)
                {
                    writable.Add(i);
                }
                else
                {
                    results[i] = OpenMetadataTableWriter.Failed(tables[i].FullyQualifiedName, FailureDetail.WriteStage, parent.FailureMessage!, "ParentRejected");
                }
            }
        }

        await _foreignKeys.LearnReferredTablesAsync([.. writable.Select(i => tables[i])], cancellationToken);
        var pending = writable.Select(i => Prepare(i, tables[i], partitionDetails)).ToList();
        if (pending.Count > 0)
        {
            await _writer.WriteAsync(pending, _version.ShouldUseBulk(version), results, cancellationToken);
            await _foreignKeys.CompleteAsync(pending, results, partitionDetails, cancellationToken);
        }

        return results!;
    }

    public async Task<IReadOnlyList<SinkWriteResult>> MarkDeletedAsync(IReadOnlyList<DeletedTable> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new List<SinkWriteResult>(tables.Count);
        foreach (var table in tables)
        {
            var fqn = table.FullyQualifiedName;
            var response = await _client.DeleteAsync(
                $"{OpenMetadataTableWriter.TablesPath}/name/{Uri.EscapeDataString(fqn)}?hardDelete=false&recursive=false", cancellationToken);
            _client.ThrowIfUnauthorized(response, "DELETE /v1/tables/name/{fqn}");
            results.Add(response.IsSuccess || response.StatusCode == 404
                ? new SinkWriteResult(fqn, SinkOutcome.Deleted)
                : OpenMetadataTableWriter.Failed(fqn, FailureDetail.DeleteStage, $"OpenMetadata refused the soft delete ({response.StatusCode}): {response.Message}", "OpenMetadataRejected"));
        }

        return results;
    }

    /// <summary>Asks the server its version, which every run asks first anyway (the answer is kept for the run's chunks).</summary>
    public Task CheckReachableAsync(CancellationToken cancellationToken) => _version.CheckReachableAsync(cancellationToken);

    public bool ChecksReachability => true;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private PendingTable Prepare(int index, TableMetadata table, bool partitionDetails)
    {
        var request = TableRequestFactory.Build(table, partitionDetails, _run.IsKnownTable, out var missing);
        return new PendingTable(index, table, request, OpenMetadataJson.Serialize(request), missing);
    }
}
