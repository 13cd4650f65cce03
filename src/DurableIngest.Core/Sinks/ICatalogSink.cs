using DurableIngest.Entities;

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

    /// <summary>
    /// Checks once, at the start of a run (in the discovery activity, before the source is read), that the sink answers,
    /// so a run whose sink is down fails within its retry budget instead of failing every chunk one by one. Throws
    /// <see cref="Workflow.TransientException"/> naming the sink and the reason; the default checks nothing.
    /// </summary>
    Task CheckReachableAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether <see cref="CheckReachableAsync"/> asks a server (<c>test-connection</c> reports it as a step). Default: no.</summary>
    bool ChecksReachability => false;
}
