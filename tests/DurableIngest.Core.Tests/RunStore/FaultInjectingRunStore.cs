using DurableIngest.RunStore;

namespace DurableIngest.Core.Tests.RunStore;

/// <summary>
/// A real run store with faults injected in front of it: the next operations throw a given exception without reaching
/// the store, or reach it and then throw (an answer lost on the way back). Counts the operations that were attempted.
/// </summary>
internal sealed class FaultInjectingRunStore(IRunStore inner) : IRunStore
{
    private int _failures;
    private int _lostAnswers;
    private Func<Exception> _fault = () => new InvalidOperationException("no fault set");

    public int Attempts { get; private set; }

    /// <summary>The next <paramref name="count"/> operations throw <paramref name="fault"/> without reaching the store.</summary>
    public void FailNext(int count, Func<Exception> fault)
    {
        _failures = count;
        _fault = fault;
    }

    /// <summary>The next <paramref name="count"/> operations reach the store, then throw <paramref name="fault"/>.</summary>
    public void LoseNextAnswers(int count, Func<Exception> fault)
    {
        _lostAnswers = count;
        _fault = fault;
    }

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        RunAsync(() => inner.PutAsync(key, content, cancellationToken));

    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(() => inner.GetAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        RunAsync(() => inner.ListAsync(prefix, cancellationToken));

    public Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        RunAsync(() => inner.TryCreateAsync(key, content, cancellationToken));

    public Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken) =>
        RunAsync(() => inner.TryReplaceAsync(key, content, etag, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await inner.DeleteAsync(key, cancellationToken);
            return true;
        });

    private async Task<T> RunAsync<T>(Func<Task<T>> operation)
    {
        Attempts++;
        if (_failures > 0)
        {
            _failures--;
            throw _fault();
        }

        var result = await operation();
        if (_lostAnswers > 0)
        {
            _lostAnswers--;
            throw _fault();
        }

        return result;
    }
}
