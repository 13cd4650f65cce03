using System.Net;
using Azure;
using Azure.Storage.Blobs.Models;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Storage.Blob;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.Blob;

/// <summary>
/// Writes each table as the same JSON document the file sink writes (<see cref="EntityJson.SerializeTableDocument"/>)
/// to <c>&lt;prefix&gt;/&lt;service&gt;/&lt;database&gt;/&lt;schema&gt;/&lt;table&gt;.json</c> in a blob container,
/// and deleted tables as tombstones at the same name. A write first tries "create only if absent" and, when the
/// blob exists, overwrites it: Created vs Updated costs one request for new tables and two for existing ones,
/// with no read. Tables are written concurrently, through the Azure SDK (its retries, see <see cref="BlobClientSettings"/>).
/// </summary>
public sealed class BlobSink : ICatalogSink
{
    // Writes are latency-bound HTTP requests; a few in flight hide the round trips without flooding the account.
    private const int MaxConcurrentWrites = 8;

    private readonly BlobSinkOptions _options;
    private readonly BlobDocuments _documents;
    private readonly ILogger _logger;

    /// <param name="settings">Retries, timeouts and page size of the blob client; the defaults when null.</param>
    public BlobSink(BlobSinkOptions options, ILogger<BlobSink> logger, BlobClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _documents = new BlobDocuments(options.Account, options.Container, settings);
        _logger = logger;
    }

    /// <summary>Where and as whom the sink writes (never a key in its text).</summary>
    public BlobAccount Account => _options.Account;

    /// <summary>The SDK client the sink's requests go through.</summary>
    internal Azure.Storage.Blobs.BlobContainerClient ContainerClient => _documents.Client;

    public Task<IReadOnlyList<SinkWriteResult>> WriteAsync(IReadOnlyList<TableMetadata> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return ForEachAsync(tables, WriteTableAsync, cancellationToken);
    }

    public Task<IReadOnlyList<SinkWriteResult>> MarkDeletedAsync(IReadOnlyList<DeletedTable> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return ForEachAsync(tables, WriteTombstoneAsync, cancellationToken);
    }

    public bool ChecksReachability => true;

    /// <summary>
    /// Asks the account whether the container exists (a missing one is created by the first write): refused credentials
    /// are permanent, anything else (the account unreachable, throttled) transient.
    /// </summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ContainerClient.ExistsAsync(cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden)
        {
            throw new InvalidOperationException(
                $"Azure Storage refused access to container '{_options.Container}' of {_options.Account.ServiceUri} ({e.Status} {e.ErrorCode}): check the sink's credentials and the identity's role (Storage Blob Data Contributor).", e);
        }
        catch (RequestFailedException e)
        {
            throw new TransientException($"Azure Storage at {_options.Account.ServiceUri} did not answer for container '{_options.Container}' ({e.Status}): {e.Message}", e);
        }
    }

    public ValueTask DisposeAsync()
    {
        _documents.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<SinkWriteResult>> ForEachAsync<T>(IReadOnlyList<T> items, Func<T, CancellationToken, Task<SinkWriteResult>> write, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return [];
        }

        if (await _documents.EnsureContainerAsync(cancellationToken))
        {
            _logger.LogInformation("Created blob container {Container}", _documents.Container);
        }

        var results = new SinkWriteResult[items.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentWrites, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), parallel, async (index, token) => results[index] = await write(items[index], token));
        return results;
    }

    private async Task<SinkWriteResult> WriteTableAsync(TableMetadata table, CancellationToken cancellationToken)
    {
        var fqn = table.FullyQualifiedName;
        try
        {
            var name = _options.BlobNameFor(CatalogPath.ForTable(table.Schema, table.Name));
            var document = EntityJson.SerializeTableDocument(table);
            if (await _documents.TryUploadAsync(name, document, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken) is not null)
            {
                return new SinkWriteResult(fqn, SinkOutcome.Created);
            }

            await _documents.TryUploadAsync(name, document, conditions: null, cancellationToken);
            return new SinkWriteResult(fqn, SinkOutcome.Updated);
        }
        catch (Exception e) when (IsThisTablesProblem(e))
        {
            _logger.LogWarning("Could not write {Table} to blob storage: {Reason}", fqn, e.Message);
            return SinkWriteResult.Failed(fqn, FailureDetail.From(fqn, FailureDetail.WriteStage, e));
        }
    }

    private async Task<SinkWriteResult> WriteTombstoneAsync(DeletedTable table, CancellationToken cancellationToken)
    {
        var fqn = table.FullyQualifiedName;
        try
        {
            var name = _options.BlobNameFor(CatalogPath.ForTable(table.Schema, table.Name));
            await _documents.TryUploadAsync(name, EntityJson.SerializeTombstone(table.Schema, table.Name), conditions: null, cancellationToken);
            return new SinkWriteResult(fqn, SinkOutcome.Deleted);
        }
        catch (Exception e) when (IsThisTablesProblem(e))
        {
            _logger.LogWarning("Could not mark {Table} deleted in blob storage: {Reason}", fqn, e.Message);
            return SinkWriteResult.Failed(fqn, FailureDetail.From(fqn, FailureDetail.DeleteStage, e));
        }
    }

    /// <summary>
    /// A failure that concerns one table (a name the service rejects, a document that cannot be serialized) is
    /// recorded; one that concerns every table (unreachable or throttled service, bad credentials, container
    /// gone, cancellation) fails the batch, which the workflow retries when it is transient.
    /// </summary>
    private static bool IsThisTablesProblem(Exception exception) => exception switch
    {
        OperationCanceledException => false,
        BlobStorageException storage => !ErrorClassifier.IsTransient(storage)
            && storage.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            && storage.ErrorCode is not ("ContainerNotFound" or "ContainerBeingDeleted" or "AccountIsDisabled"),
        _ => true,
    };
}
