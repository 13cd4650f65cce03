using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>entity/data/table.json#/definitions/column</c> (only the properties this sink sends).</summary>
internal sealed record ColumnRequest
{
    public required string Name { get; init; }

    public required DataType DataType { get; init; }

    public DataType? ArrayDataType { get; init; }

    public int? DataLength { get; init; }

    public int? Precision { get; init; }

    public int? Scale { get; init; }

    public string? DataTypeDisplay { get; init; }

    public string? Description { get; init; }

    public ColumnConstraint? Constraint { get; init; }

    public int? OrdinalPosition { get; init; }

    /// <summary>Sent (empty) for STRUCT columns only: the server rejects a struct without children.</summary>
    public IReadOnlyList<ColumnRequest>? Children { get; init; }
}
