using DurableIngest.Failures;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DurableIngest.RunStore;

/// <summary>
/// Decorates any run store so a run rides out an outage of it: an operation that fails transiently (per
/// <see cref="ErrorClassifier"/>: unreachable, 408, 429, 5xx, timeouts) is retried with exponential backoff and jitter
/// until the store answers or the outage has lasted <see cref="RunStoreResilienceOptions.OutageBudget"/>. The outage is
/// shared: it starts at the first failure that no later success ended, so once one operation has given up, the others
/// give up at their next failure instead of each waiting a budget of its own. Each retry is logged once (the store's
/// error message, which never holds a key), so are a recovery and giving up. A conditional write whose condition
/// failed is read back: when the document holds exactly the bytes written, an earlier attempt whose answer was lost
/// landed it, and its ETag is returned instead of a false "changed". Permanent failures and cancellation pass at once.
/// </summary>
public class ResilientRunStore : IRunStore, IDisposable
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> StartedAt = new("durable-ingest.run-store.started");
    private static readonly ResiliencePropertyKey<string> Operation = new("durable-ingest.run-store.operation");
    private static readonly ResiliencePropertyKey<int> Retries = new("durable-ingest.run-store.retries");

    private readonly RunStoreResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private long _outageSinceTicks;

    internal ResilientRunStore(IRunStore inner, RunStoreResilienceOptions options, TimeProvider time, ILogger logger)
    {
        Inner = inner;
        _options = options;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstRetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.Context)),
                OnRetry = args =>
                {
                    args.Context.Properties.Set(Retries, args.AttemptNumber + 1);
                    var used = _time.GetUtcNow() - args.Context.Properties.GetValue(StartedAt, _time.GetUtcNow());
                    _logger.LogWarning(
                        "Run store {Operation} failed ({Error}); retry {Retry} in {Delay:F1} s, {Used:F0} s into the outage budget of {Budget:F0} s ({Setting})",
                        args.Context.Properties.GetValue(Operation, "operation"),
                        args.Outcome.Exception?.Message,
                        args.AttemptNumber + 1,
                        args.RetryDelay.TotalSeconds,
                        used.TotalSeconds,
                        _options.OutageBudget.TotalSeconds,
                        RunStoreResilienceOptions.OutageBudgetSetting);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The store this one retries.</summary>
    public IRunStore Inner { get; }

    /// <summary>
    /// <paramref name="store"/> behind the retries (an append-only store stays append-only), or <paramref name="store"/>
    /// itself when the budget is zero or it is already resilient.
    /// </summary>
    public static IRunStore Wrap(IRunStore store, RunStoreResilienceOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.OutageBudget <= TimeSpan.Zero || store is ResilientRunStore)
        {
            return store;
        }

        return store is IAppendOnlyRunStore appendOnly
            ? new ResilientAppendOnlyRunStore(appendOnly, options, time, logger)
            : new ResilientRunStore(store, options, time, logger);
    }

    /// <summary>The store under the retries (to tell a local folder from a blob container), or the store itself.</summary>
    public static IRunStore Unwrap(IRunStore store) => store is ResilientRunStore resilient ? resilient.Inner : store;

    public Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        ExecuteAsync($"write of '{key}'", token => Inner.PutAsync(key, content, token), cancellationToken);

    public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken) =>
        ExecuteAsync($"read of '{key}'", token => Inner.GetAsync(key, token), cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        ExecuteAsync($"listing of '{prefix}*'", token => Inner.ListAsync(prefix, token), cancellationToken);

    public async Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) =>
        await ExecuteAsync($"create of '{key}'", token => Inner.TryCreateAsync(key, content, token), cancellationToken)
        ?? await LandedAsync(key, content, cancellationToken);

    public async Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken) =>
        await ExecuteAsync($"replace of '{key}'", token => Inner.TryReplaceAsync(key, content, etag, token), cancellationToken)
        ?? await LandedAsync(key, content, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        ExecuteAsync<bool>(
            $"delete of '{key}'",
            async token =>
            {
                await Inner.DeleteAsync(key, token);
                return true;
            },
            cancellationToken);

    public Task RemoveRunLeftoversAsync(string runId, CancellationToken cancellationToken) => Inner.RemoveRunLeftoversAsync(runId, cancellationToken);

    public void Dispose()
    {
        (Inner as IDisposable)?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<string?> LandedAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var current = await GetAsync(key, cancellationToken);
        return current is not null && current.Content.Span.SequenceEqual(content.Span) ? current.ETag : null;
    }

    private async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var started = _time.GetUtcNow();
        context.Properties.Set(StartedAt, started);
        context.Properties.Set(Operation, operation);
        try
        {
            var result = await _pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken), context);
            Interlocked.Exchange(ref _outageSinceTicks, 0);
            if (context.Properties.GetValue(Retries, 0) is > 0 and var retries)
            {
                _logger.LogInformation(
                    "Run store {Operation} succeeded after {Retries} retries and {Seconds:F1} s", operation, retries, (_time.GetUtcNow() - started).TotalSeconds);
            }

            return result;
        }
        catch (Exception e) when (IsTransient(e))
        {
            _logger.LogError(
                "Run store {Operation} gave up after {Seconds:F0} s and {Retries} retries, the outage budget being {Budget:F0} s ({Setting}): {Error}. "
                + "Once the store answers, resume the run (durable-ingest resume RUNID); to wait out longer outages, raise that setting",
                operation,
                (_time.GetUtcNow() - started).TotalSeconds,
                context.Properties.GetValue(Retries, 0),
                _options.OutageBudget.TotalSeconds,
                RunStoreResilienceOptions.OutageBudgetSetting,
                e.Message);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private bool ShouldRetry(Exception? exception, ResilienceContext context)
    {
        if (exception is null || !IsTransient(exception))
        {
            return false;
        }

        var now = _time.GetUtcNow();
        Interlocked.CompareExchange(ref _outageSinceTicks, now.UtcTicks, 0);
        var outageSince = new DateTimeOffset(Interlocked.Read(ref _outageSinceTicks), TimeSpan.Zero);
        var started = context.Properties.GetValue(StartedAt, now);
        return now - started < _options.OutageBudget && now - outageSince < _options.OutageBudget;
    }

    private static bool IsTransient(Exception exception) => exception is not OperationCanceledException && ErrorClassifier.IsTransient(exception);
}
