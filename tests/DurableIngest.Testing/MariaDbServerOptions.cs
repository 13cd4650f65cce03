namespace DurableIngest.Testing;

/// <summary>Settings of a throwaway MariaDB server; the defaults are MariaDB's own cache sizes, which suit tests.</summary>
public sealed record MariaDbServerOptions
{
    public string BufferPoolSize { get; init; } = "128M";

    /// <summary>Table definitions kept open; MariaDB's default is 400.</summary>
    public int TableDefinitionCache { get; init; } = 400;

    /// <summary>Open tables kept; MariaDB's default is 2000.</summary>
    public int TableOpenCache { get; init; } = 2000;

    /// <summary>Extra mariadbd arguments, e.g. <c>--ssl-cert=...</c>.</summary>
    public IReadOnlyList<string> Settings { get; init; } = [];
}
