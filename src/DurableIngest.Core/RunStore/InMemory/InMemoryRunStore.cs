using System.Collections.Concurrent;
using System.Globalization;

namespace DurableIngest.RunStore.InMemory;

/// <summary>A run store in memory: for tests and for measuring what journaling to a real store costs.</summary>
public sealed class InMemoryRunStore : IRunStore
{
    private readonly ConcurrentDictionary<string, StoredDocument> _documents = new(StringComparer.Ordinal);
    private long _version;

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var document = NewDocument(content);
        _documents[key] = document;
        return Task.FromResult(document.ETag);
    }

    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_documents.GetValueOrDefault(key));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(
            [.. _documents.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);

    public Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var document = NewDocument(content);
        return Task.FromResult(_documents.TryAdd(key, document) ? document.ETag : null);
    }

    public Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        if (!_documents.TryGetValue(key, out var current) || current.ETag != etag)
        {
            return Task.FromResult<string?>(null);
        }

        var document = NewDocument(content);
        return Task.FromResult(_documents.TryUpdate(key, document, current) ? document.ETag : null);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _documents.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    private StoredDocument NewDocument(ReadOnlyMemory<byte> content) =>
        new(content.ToArray(), "\"" + Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture) + "\"");
}
