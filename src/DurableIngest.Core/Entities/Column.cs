namespace DurableIngest.Entities;

/// <summary>A column shaped like OpenMetadata's <c>table.json#/definitions/column</c>.</summary>
public sealed record Column
{
    public required string Name { get; init; }
    public required DataType DataType { get; init; }
    public DataType? ArrayDataType { get; init; }
    public int? DataLength { get; init; }
    public int? Precision { get; init; }
    public int? Scale { get; init; }
    /// <summary>The source's own spelling of the type, e.g. <c>character varying(20)</c>.</summary>
    public string? DataTypeDisplay { get; init; }
    public string? Description { get; init; }
    public ColumnConstraint? Constraint { get; init; }
    public int? OrdinalPosition { get; init; }
}
