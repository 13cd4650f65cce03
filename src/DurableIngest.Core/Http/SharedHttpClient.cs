namespace DurableIngest.Http;

/// <summary>
/// The one HttpClient the product's own HTTP clients (OpenMetadata, Snowflake's SQL API) share in a process: pooled
/// connections recycled every few minutes so DNS changes are seen, compressed answers decompressed. Timeouts and
/// retries are per attempt (<see cref="HttpRetry"/>), so the client itself never times out.
/// </summary>
internal static class SharedHttpClient
{
    public static HttpClient Instance { get; } = new(
        new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 64,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        },
        disposeHandler: false)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
