using System.Collections.Concurrent;

namespace DurableIngest.Workflow;

/// <summary>
/// One value per run, loaded once however many activities of the run ask at once; a load that failed or was
/// cancelled is forgotten, so the next caller loads again.
/// </summary>
internal sealed class PerRunCache<T>
{
    private readonly ConcurrentDictionary<string, Lazy<Task<T>>> _entries = new();

    public Task<T> GetAsync(string runId, Func<string, Task<T>> load)
    {
        var entry = _entries.GetOrAdd(runId, id => new Lazy<Task<T>>(() => load(id)));
        if (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _entries.TryRemove(runId, out _);
        }

        return entry.Value;
    }

    public void Forget(string runId) => _entries.TryRemove(runId, out _);
}
