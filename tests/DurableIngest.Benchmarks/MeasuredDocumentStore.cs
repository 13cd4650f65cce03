using DurableIngest.RunStore;

namespace DurableIngest.Benchmarks;

/// <summary>A <see cref="MeasuredRunStore"/> seen as a plain run store (for stores without append-only documents).</summary>
internal sealed class MeasuredDocumentStore(MeasuredRunStore measured) : IRunStore
{
    public MeasuredRunStore Measured => measured;

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => measured.PutAsync(key, content, cancellationToken);

    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken) => measured.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) => measured.ListAsync(prefix, cancellationToken);

    public Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => measured.TryCreateAsync(key, content, cancellationToken);

    public Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken) =>
        measured.TryReplaceAsync(key, content, etag, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => measured.DeleteAsync(key, cancellationToken);
}
