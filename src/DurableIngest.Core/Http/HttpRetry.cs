using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DurableIngest.Http;

/// <summary>
/// The one Polly retry pipeline for the product's own HTTP clients (OpenMetadata, Snowflake's SQL API): exponential
/// backoff with jitter, a server's <c>Retry-After</c> honoured up to a cap, network errors and timed-out attempts
/// retried, and which answers are worth another attempt decided by the caller's service.
/// </summary>
internal static class HttpRetry
{
    /// <summary>Builds the pipeline; with <see cref="HttpRetryOptions.AttemptTimeout"/>, each attempt is bounded too.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Create(HttpRetryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay > TimeSpan.Zero ? options.MaxDelay : null,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .Handle<TimeoutException>()
                    .HandleResult(response => options.IsRetried(response.StatusCode)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Result, time, options.MaxDelay)),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Result is { } response
                        ? $"HTTP {(int)response.StatusCode}"
                        : args.Outcome.Exception?.GetType().Name ?? "unknown";
                    options.OnRetry?.Invoke(args.AttemptNumber + 1, reason, args.RetryDelay);
                    return default;
                },
            });
        }

        if (options.AttemptTimeout is { } timeout)
        {
            builder.AddTimeout(timeout);
        }

        return builder.Build();
    }

    /// <summary>The server's Retry-After (delta seconds or HTTP date), capped when <paramref name="cap"/> is positive; null when it gave none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time, TimeSpan cap)
    {
        var header = response?.Headers.RetryAfter;
        TimeSpan? wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
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

/// <summary>How one HTTP client retries (see <see cref="HttpRetry"/>).</summary>
internal sealed record HttpRetryOptions
{
    /// <summary>Retries after the first attempt; 0 sends each request once.</summary>
    public required int MaxRetries { get; init; }

    /// <summary>The first backoff; each next one doubles, with jitter.</summary>
    public required TimeSpan FirstDelay { get; init; }

    /// <summary>The longest wait between attempts, Retry-After included; zero or less for no cap.</summary>
    public required TimeSpan MaxDelay { get; init; }

    /// <summary>The answers worth another attempt, per the service's documentation.</summary>
    public required Func<HttpStatusCode, bool> IsRetried { get; init; }

    /// <summary>A bound on each attempt; null leaves it to the HttpClient.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>Told of each retry: its number, why, and the wait before it.</summary>
    public Action<int, string, TimeSpan>? OnRetry { get; init; }
}
