using System.Text.Json;

namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>An entity the stand-in holds, by FQN: the last body accepted for it and how it got there.</summary>
public sealed record StoredEntity
{
    public required string Kind { get; init; }

    public required string FullyQualifiedName { get; init; }

    /// <summary>The last accepted Create request (a detached copy).</summary>
    public required JsonElement Body { get; init; }

    /// <summary>Soft-deleted (DELETE without hardDelete).</summary>
    public bool Deleted { get; init; }

    /// <summary>PUTs that created it (answered 201).</summary>
    public int Creates { get; init; }

    /// <summary>PUTs that updated it (answered 200).</summary>
    public int Updates { get; init; }

    public string? GetString(string property) =>
        Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
