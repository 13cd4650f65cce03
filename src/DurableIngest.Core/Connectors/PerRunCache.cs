using System.Collections.Concurrent;

namespace DurableIngest.Connectors;

/// <summary>
/// One value per run (or per any key scoped to a run), loaded once however many activities of the run ask at once; a
/// load that failed or was cancelled is forgotten, so the next caller loads again. With a capacity, only the most
/// recently used entries are kept, for callers that are never told when a run ends.
/// </summary>
internal sealed class PerRunCache<T>(int capacity = int.MaxValue)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _clock;

    public Task<T> GetAsync(string runId, Func<string, Task<T>> load)
    {
        var entry = _entries.GetOrAdd(runId, id => new Entry(new Lazy<Task<T>>(() => load(id))));
        Volatile.Write(ref entry.LastUsed, Interlocked.Increment(ref _clock));
        if (entry.Value.Value.IsFaulted || entry.Value.Value.IsCanceled)
        {
            _entries.TryRemove(KeyValuePair.Create(runId, entry));
        }

        if (_entries.Count > capacity)
        {
            foreach (var stale in _entries.OrderBy(e => Volatile.Read(ref e.Value.LastUsed)).Take(_entries.Count - capacity).ToList())
            {
                _entries.TryRemove(stale);
            }
        }

        return entry.Value.Value;
    }

    /// <summary>A value created in memory, once per key (no load that could fail).</summary>
    public T GetOrCreate(string runId, Func<string, T> create)
    {
        var value = GetAsync(runId, id => Task.FromResult(create(id)));
        return value.IsCompletedSuccessfully
            ? value.Result
            : throw new InvalidOperationException($"The cache entry '{runId}' is being loaded asynchronously; use GetAsync.");
    }

    public void Forget(string runId) => _entries.TryRemove(runId, out _);

    private sealed class Entry(Lazy<Task<T>> value)
    {
        public readonly Lazy<Task<T>> Value = value;
        public long LastUsed;
    }
}
