namespace DurableIngest.RunStore;

/// <summary>
/// Durable storage for runs: journals, discovery output, chunk results, status and summaries. Keys are
/// '/'-separated paths (<c>runs/&lt;runId&gt;/summary.json</c>). Implementations: a local directory (default) and
/// Azure Blob Storage. Nothing stored here may contain a secret.
/// </summary>
public interface IRunStore
{
    /// <summary>Writes (creates or overwrites) a document atomically and returns its new ETag.</summary>
    Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Reads a document, or null when there is none.</summary>
    Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Keys starting with <paramref name="prefix"/>, in ordinal order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates the document only if absent; returns its ETag, or null when it already existed.</summary>
    Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>Replaces the document only if its ETag is still <paramref name="etag"/>; returns the new ETag, or null when it changed.</summary>
    Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken);

    /// <summary>Deletes a document; no error when it is absent.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Once a run's documents are deleted (a purge), removes what the store keeps beside them for that run, such as
    /// lock files and folders. Default: nothing, for stores that keep only documents.
    /// </summary>
    Task RemoveRunLeftoversAsync(string runId, CancellationToken cancellationToken) => Task.CompletedTask;
}
