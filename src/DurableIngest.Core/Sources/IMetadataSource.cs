namespace DurableIngest.Sources;

/// <summary>
/// A database to ingest. <see cref="DiscoverAsync"/> lists names only; <see cref="ReadChunkAsync"/> reads full
/// metadata for a chunk with a handful of batched queries, never one query loop per table.
/// </summary>
public interface IMetadataSource : IAsyncDisposable
{
    /// <summary>Lists the entities to ingest (names and ids only), applying filters and include flags.</summary>
    Task<DiscoveryResult> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads full metadata for <paramref name="entities"/>. One bad entity becomes a failed result, not an
    /// exception; an exception means the whole chunk failed (a transient one is retried by the workflow).
    /// Results come back in the order of <paramref name="entities"/>.
    /// </summary>
    Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a connection and asks the server the cheapest question (its version), for <c>test-connection</c>: the
    /// server's answer, or null when the source has no step cheaper than discovery. Throws what connecting throws.
    /// </summary>
    Task<string?> ConnectAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
