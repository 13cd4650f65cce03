using System.Collections.Concurrent;
using System.Diagnostics;
using DurableIngest.RunStore;

namespace DurableIngest.Benchmarks;

/// <summary>A run store that counts its calls and the time spent in them (summed over concurrent callers), around another.</summary>
internal sealed class MeasuredRunStore(IRunStore inner) : IAppendOnlyRunStore
{
    private readonly ConcurrentDictionary<string, (int Calls, long Ticks, long Bytes)> _operations = new(StringComparer.Ordinal);

    public IRunStore Inner => inner;

    /// <summary>Seconds spent in calls to the store, summed over concurrent callers (an upper bound of its share of a run).</summary>
    public double Seconds => _operations.Values.Sum(o => o.Ticks) / (double)Stopwatch.Frequency;

    /// <summary>One line per operation: calls, bytes and milliseconds.</summary>
    public string Report() => string.Join(", ", _operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o =>
        $"{o.Key} {o.Value.Calls:N0}× {o.Value.Bytes / 1024.0:N0} KB {o.Value.Ticks * 1000.0 / Stopwatch.Frequency:N0} ms"));

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        MeasureAsync("put", content.Length, () => inner.PutAsync(key, content, cancellationToken));

    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken) =>
        MeasureAsync("get", 0, () => inner.GetAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        MeasureAsync("list", 0, () => inner.ListAsync(prefix, cancellationToken));

    public Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        MeasureAsync("create", content.Length, () => inner.TryCreateAsync(key, content, cancellationToken));

    public Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken) =>
        MeasureAsync("replace", content.Length, () => inner.TryReplaceAsync(key, content, etag, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        MeasureAsync("delete", 0, async () => { await inner.DeleteAsync(key, cancellationToken); return true; });

    public async Task<IRunStoreAppender> CreateAppendOnlyAsync(string key, CancellationToken cancellationToken)
    {
        var appendable = inner as IAppendOnlyRunStore ?? throw new NotSupportedException("the measured store keeps no append-only documents");
        return new MeasuredAppender(this, await appendable.CreateAppendOnlyAsync(key, cancellationToken));
    }

    /// <summary>Only stores that keep append-only documents look like one: the runtime picks its journal form by that.</summary>
    public static IRunStore Around(IRunStore inner) => inner is IAppendOnlyRunStore ? new MeasuredRunStore(inner) : new MeasuredDocumentStore(new MeasuredRunStore(inner));

    private async Task<T> MeasureAsync<T>(string operation, long bytes, Func<Task<T>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            var ticks = Stopwatch.GetTimestamp() - started;
            _operations.AddOrUpdate(operation, (1, ticks, bytes), (_, o) => (o.Calls + 1, o.Ticks + ticks, o.Bytes + bytes));
        }
    }

    private sealed class MeasuredAppender(MeasuredRunStore owner, IRunStoreAppender inner) : IRunStoreAppender
    {
        public async ValueTask AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken) =>
            await owner.MeasureAsync("append", record.Length, async () => { await inner.AppendAsync(record, cancellationToken); return true; });

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
