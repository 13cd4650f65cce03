using DurableIngest.Failures;
using DurableIngest.Http;
using Microsoft.Extensions.Logging;
using Polly;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The retry pipeline around every OpenMetadata request: 5xx, 408, 429, network errors and per-attempt timeouts are
/// retried with exponential backoff and jitter, a server's Retry-After honoured (bounded by <c>maxRetryBackoffSeconds</c>).
/// </summary>
internal static class OpenMetadataResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Create(OpenMetadataSinkOptions options, TimeProvider time, ILogger logger) =>
        HttpRetry.Create(
            new HttpRetryOptions
            {
                MaxRetries = options.MaxRetries,
                FirstDelay = options.RetryBackoff,
                MaxDelay = options.MaxRetryBackoff,
                IsRetried = ErrorClassifier.IsTransientStatus,
                AttemptTimeout = options.RequestTimeout,
                OnRetry = (attempt, reason, delay) => OpenMetadataLog.Retrying(logger, attempt, options.MaxRetries, reason, delay.TotalSeconds),
            },
            time);
}
