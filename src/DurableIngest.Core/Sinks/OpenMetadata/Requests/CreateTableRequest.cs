using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>
/// OpenMetadata's <c>api/data/createTable.json</c>: only properties that schema defines (it has
/// <c>additionalProperties: false</c>), so <see cref="TableMetadata.SourceDetails"/> is never part of it.
/// </summary>
internal sealed record CreateTableRequest
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public required TableType TableType { get; init; }

    public required IReadOnlyList<ColumnRequest> Columns { get; init; }

    public IReadOnlyList<TableConstraintRequest>? TableConstraints { get; init; }

    /// <summary>A <see cref="TablePartitionRequest"/> (servers from 1.4) or a <see cref="LegacyTablePartitionRequest"/>.</summary>
    public object? TablePartition { get; init; }

    public string? SchemaDefinition { get; init; }

    /// <summary>The schema's FQN.</summary>
    public required string DatabaseSchema { get; init; }

    /// <summary>1–32 characters; lets the server skip an update when nothing changed.</summary>
    public string? SourceHash { get; init; }
}
