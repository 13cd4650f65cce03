using System.Text.Json.Nodes;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>api/services/createDatabaseService.json</c> (only the properties this sink sends).</summary>
internal sealed record CreateDatabaseServiceRequest
{
    public required string Name { get; init; }

    /// <summary>The capitalised connector type, e.g. <c>Postgres</c>.</summary>
    public required string ServiceType { get; init; }

    /// <summary><c>{ "config": { "type": serviceType, ...connection settings without secrets } }</c>.</summary>
    public required JsonObject Connection { get; init; }
}
