namespace DurableIngest.Storage.Blob;

/// <summary>How <see cref="BlobServiceClient"/> retries and pages. The defaults suit Azure Storage and Azurite alike.</summary>
public sealed record BlobClientOptions
{
    /// <summary>Retries after the first attempt for 408, 429, 500, 502, 503, 504, timeouts and network errors. Default 5; 0 disables.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>First backoff delay; it doubles each retry, with jitter. Default 500 ms.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts, including a server's Retry-After. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One attempt's time limit; an attempt that exceeds it is retried. Default 100 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>Blobs asked for per listing page (<c>maxresults</c>); null lets the service choose (up to 5000).</summary>
    public int? ListPageSize { get; init; }
}
