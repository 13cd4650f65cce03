namespace DurableIngest.Connectors;

/// <summary>
/// The catalog service a run ingests: its name, OpenMetadata service type (the capitalised
/// <c>serviceConnection.config.type</c>, e.g. <c>Postgres</c>) and its connection settings with every
/// secret removed (safe to send to a catalog or to store).
/// </summary>
public sealed record ServiceDescriptor(string Name, string ServiceType, IReadOnlyDictionary<string, string> Connection);
