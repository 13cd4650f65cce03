namespace DurableIngest.Entities;

/// <summary>
/// Everything ingested about one table or view, shaped like OpenMetadata's CreateTable request
/// plus <see cref="SourceDetails"/>. <see cref="Schema"/> locates it; the document's
/// <c>databaseSchema</c> is that schema's FQN.
/// </summary>
public sealed record TableMetadata
{
    public required SchemaRef Schema { get; init; }
    public required string Name { get; init; }
    public required TableType TableType { get; init; }
    public required IReadOnlyList<Column> Columns { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<TableConstraint> TableConstraints { get; init; } = [];
    public TablePartition? TablePartition { get; init; }
    /// <summary>View SQL (or DDL) as the source reports it.</summary>
    public string? SchemaDefinition { get; init; }
    public SourceDetails SourceDetails { get; init; } = new();

    public string FullyQualifiedName => Fqn.Join(Schema.Service, Schema.Database, Schema.Schema, Name);
}
