using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// How the Azure SDK's blob client retries and pages: its one retry policy (<see cref="BlobClientOptions"/>'s
/// <c>Retry</c>, exponential with jitter, honouring Retry-After) retries 408, 429, 500, 502, 503, 504, timeouts and
/// network errors; a failed condition (409, 412) is an answer and is never retried. Nothing else retries around it.
/// The defaults suit Azure Storage and Azurite alike.
/// </summary>
public sealed record BlobClientSettings
{
    /// <summary>Retries after the first attempt. Default 5; 0 disables; at most 10.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff delay; it doubles each retry. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts. Default 30 s; at least <see cref="RetryDelay"/>.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt's time limit; an attempt that exceeds it is retried. Default 100 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Blobs asked for per listing page; null lets the service choose (up to 5000). From 1 to 5000.</summary>
    public int? ListPageSize { get; init; }

    /// <summary>Where requests go instead of the SDK's default HTTP transport (tests put fault injectors here). Default none.</summary>
    public HttpPipelineTransport? Transport { get; init; }

    /// <summary>Every setting out of range, each naming the setting, its value and the range; empty when all are usable.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxRetries is < 0 or > 10)
        {
            problems.Add($"{nameof(MaxRetries)} must be from 0 to 10, not {MaxRetries}");
        }

        if (RetryDelay <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(RetryDelay)} must be positive, not {RetryDelay}");
        }

        if (MaxRetryDelay < RetryDelay)
        {
            problems.Add($"{nameof(MaxRetryDelay)} must be at least {nameof(RetryDelay)} ({RetryDelay}), not {MaxRetryDelay}");
        }

        if (AttemptTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(AttemptTimeout)} must be positive, not {AttemptTimeout}");
        }

        if (ListPageSize is < 1 or > 5000)
        {
            problems.Add($"{nameof(ListPageSize)} must be from 1 to 5000 (or unset), not {ListPageSize}");
        }

        return problems;
    }

    /// <summary>The SDK options these settings make; throws <see cref="ArgumentException"/> listing every problem at once.</summary>
    internal BlobClientOptions ToClientOptions()
    {
        var problems = Problems();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"blob client settings: {string.Join("; ", problems)}");
        }

        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = AttemptTimeout;
        if (Transport is not null)
        {
            options.Transport = Transport;
        }

        return options;
    }
}
