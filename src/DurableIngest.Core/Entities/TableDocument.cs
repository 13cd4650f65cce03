namespace DurableIngest.Entities;

/// <summary>
/// A table as written by the file and blob sinks: OpenMetadata's CreateTable request (same names, same enums,
/// <c>databaseSchema</c> holding the schema FQN) followed by <c>sourceDetails</c>. Property order is fixed.
/// </summary>
public sealed record TableDocument
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required TableType TableType { get; init; }
    public required IReadOnlyList<Column> Columns { get; init; }
    public IReadOnlyList<TableConstraint>? TableConstraints { get; init; }
    public TablePartition? TablePartition { get; init; }
    public string? SchemaDefinition { get; init; }
    public required string DatabaseSchema { get; init; }
    public string? SourceHash { get; init; }
    public SourceDetails? SourceDetails { get; init; }

    public static TableDocument From(TableMetadata table, string? sourceHash)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new TableDocument
        {
            Name = table.Name,
            Description = table.Description,
            TableType = table.TableType,
            Columns = table.Columns,
            TableConstraints = table.TableConstraints.Count == 0 ? null : table.TableConstraints,
            TablePartition = table.TablePartition,
            SchemaDefinition = table.SchemaDefinition,
            DatabaseSchema = table.Schema.FullyQualifiedName,
            SourceHash = sourceHash,
            SourceDetails = table.SourceDetails.IsEmpty ? null : table.SourceDetails,
        };
    }
}
