using Microsoft.Extensions.Logging;

namespace DurableIngest.RunStore;

/// <summary>
/// <see cref="ResilientRunStore"/> over a store with append-only documents, which it keeps offering. Creating one and
/// appending to it are not retried: an append retried after an ambiguous failure could record a step twice, and the
/// only such store, the local directory, fails permanently (a full or read-only disk) rather than transiently.
/// </summary>
internal sealed class ResilientAppendOnlyRunStore(IAppendOnlyRunStore inner, RunStoreResilienceOptions options, TimeProvider time, ILogger logger)
    : ResilientRunStore(inner, options, time, logger), IAppendOnlyRunStore
{
    public Task<IRunStoreAppender> CreateAppendOnlyAsync(string key, CancellationToken cancellationToken) =>
        inner.CreateAppendOnlyAsync(key, cancellationToken);
}
