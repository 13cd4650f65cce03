using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The Polly pipeline around every SQL API request: retries on 429 (limit exceeded), 503 and 504 (server-side
/// timeouts; the documented advice is to retry with jittered backoff), network errors and attempts that timed out;
/// exponential backoff with jitter from one second, a server's Retry-After honoured (capped at a minute). Other
/// answers — 401, 403, 422, 500, ... — are final.
/// </summary>
internal static class SnowflakeResilience
{
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(60);

    public static ResiliencePipeline<HttpResponseMessage> Create(int maxRetries, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (maxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = maxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>()
                    .HandleResult(response => IsRetried(response.StatusCode)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } response
                        ? $"HTTP {(int)response.StatusCode}"
                        : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    SnowflakeLog.Retrying(logger, args.AttemptNumber + 1, maxRetries, reason, args.RetryDelay.TotalSeconds);
                    return default;
                },
            });
        }

        return builder.Build();
    }

    public static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The server's Retry-After (delta seconds or HTTP date), capped at <see cref="MaxDelay"/>; null when it gave none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        if (wait is not { } delay)
        {
            return null;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay > MaxDelay ? MaxDelay : delay;
    }
}
