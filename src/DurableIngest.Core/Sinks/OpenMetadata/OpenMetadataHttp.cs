namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The one HttpClient every OpenMetadata sink in the process shares: pooled connections, recycled every few minutes so
/// DNS changes are seen. Timeouts and retries are per request (see <see cref="OpenMetadataResilience"/>), so the
/// client itself never times out.
/// </summary>
internal static class OpenMetadataHttp
{
    public static HttpClient Shared { get; } = new(
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
