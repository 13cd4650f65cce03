using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using DurableIngest.Workflow;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The Polly pipeline around every request: retries on 5xx, 408, 429, network errors and per-attempt timeouts,
/// exponential backoff with jitter, a server's Retry-After honoured (bounded by <c>maxRetryBackoffSeconds</c>).
/// </summary>
internal static class OpenMetadataResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Create(OpenMetadataSinkOptions options, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBackoff,
                MaxDelay = options.MaxRetryBackoff > TimeSpan.Zero ? options.MaxRetryBackoff : null,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => ErrorClassifier.IsTransientStatus(response.StatusCode)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time, options.MaxRetryBackoff)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } response
                        ? $"HTTP {(int)response.StatusCode}"
                        : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    OpenMetadataLog.Retrying(logger, args.AttemptNumber + 1, options.MaxRetries, reason, args.RetryDelay.TotalSeconds);
                    return default;
                },
            });
        }

        builder.AddTimeout(options.RequestTimeout);
        return builder.Build();
    }

    /// <summary>The server's Retry-After (delta seconds or HTTP date), capped; null when it gave none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        TimeSpan? wait = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is not { } delay)
        {
            return null;
        }

        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return cap > TimeSpan.Zero && delay > cap ? cap : delay;
    }
}
