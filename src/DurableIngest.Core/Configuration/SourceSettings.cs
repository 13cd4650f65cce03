namespace DurableIngest.Configuration;

/// <summary>The <c>source</c> block: which connector, the catalog service name, its connection and what to ingest.</summary>
public sealed record SourceSettings
{
    /// <summary>Lower-case connector name (<c>postgres</c>, <c>sqlite</c>, ...).</summary>
    public required string Type { get; init; }

    public required string ServiceName { get; init; }

    /// <summary><c>source.serviceConnection.config</c>, read by the connector's own options class.</summary>
    public required ConfigSection Connection { get; init; }

    public required DatabaseMetadataOptions Metadata { get; init; }
}
