namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>api/data/createDatabaseSchema.json</c> (only the properties this sink sends).</summary>
internal sealed record CreateDatabaseSchemaRequest
{
    public required string Name { get; init; }

    /// <summary>The database's FQN.</summary>
    public required string Database { get; init; }
}
