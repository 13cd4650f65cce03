using System.Net;
using DurableIngest.Http;
using Microsoft.Extensions.Logging;
using Polly;

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

    public static ResiliencePipeline<HttpResponseMessage> Create(int maxRetries, TimeProvider time, ILogger logger) =>
        HttpRetry.Create(
            new HttpRetryOptions
            {
                MaxRetries = maxRetries,
                FirstDelay = FirstDelay,
                MaxDelay = MaxDelay,
                IsRetried = IsRetried,
                OnRetry = (attempt, reason, delay) => SnowflakeLog.Retrying(logger, attempt, maxRetries, reason, delay.TotalSeconds),
            },
            time);

    public static bool IsRetried(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
}
