using DurableIngest.Catalog;

namespace DurableIngest.Sinks;

/// <summary>
/// Where the catalog lands. Writes are idempotent (writing the same table twice leaves one copy) and report
/// per-table outcomes; an exception means the whole batch failed (a transient one is retried by the workflow).
/// </summary>
public interface ICatalogSink : IAsyncDisposable
{
    Task<IReadOnlyList<SinkWriteResult>> WriteAsync(IReadOnlyList<TableMetadata> tables, CancellationToken cancellationToken);

    /// <summary>Soft-deletes tables that disappeared from an ingested schema (by FQN).</summary>
    Task<IReadOnlyList<SinkWriteResult>> MarkDeletedAsync(IReadOnlyList<DeletedTable> tables, CancellationToken cancellationToken);
}
