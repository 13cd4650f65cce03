namespace DurableIngest.Testing;

/// <summary>Settings of a throwaway test cluster; the defaults suit tests, the benchmark raises lock and buffer limits.</summary>
public sealed record PostgresServerOptions
{
    /// <summary>pg_dump locks every table in one transaction: datasets of many tables need more than PostgreSQL's 64.</summary>
    public int MaxLocksPerTransaction { get; init; } = 256;

    public string SharedBuffers { get; init; } = "128MB";

    /// <summary>Extra postgresql.conf settings, written as <c>key = 'value'</c>.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
