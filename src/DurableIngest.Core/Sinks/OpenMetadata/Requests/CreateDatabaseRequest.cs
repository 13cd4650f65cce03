namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>api/data/createDatabase.json</c> (only the properties this sink sends).</summary>
internal sealed record CreateDatabaseRequest
{
    public required string Name { get; init; }

    /// <summary>The database service's FQN.</summary>
    public required string Service { get; init; }
}
