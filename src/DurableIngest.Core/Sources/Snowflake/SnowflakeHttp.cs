namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The one HttpClient every Snowflake source in the process shares: pooled connections recycled every few minutes,
/// gzip answers decompressed (result partitions may come compressed). Timeouts are per attempt, so the client itself
/// never times out.
/// </summary>
internal static class SnowflakeHttp
{
    public static HttpClient Shared { get; } = new(
        new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            MaxConnectionsPerServer = 32,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        },
        disposeHandler: false)
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
