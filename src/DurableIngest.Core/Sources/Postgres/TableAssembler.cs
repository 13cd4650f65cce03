using DurableIngest.Configuration;
using DurableIngest.Entities;
using DurableIngest.Failures;

namespace DurableIngest.Sources.Postgres;

/// <summary>Builds OpenMetadata-shaped <see cref="TableMetadata"/> from one chunk's <see cref="ChunkMetadata"/>.</summary>
internal sealed class TableAssembler
{
    private readonly string _serviceName;
    private readonly DatabaseMetadataOptions _metadata;

    public TableAssembler(string serviceName, DatabaseMetadataOptions metadata)
    {
        _serviceName = serviceName;
        _metadata = metadata;
    }

    /// <summary>The entity's metadata, or null when the catalog no longer has it under that name (dropped or renamed).</summary>
    public TableMetadata? Assemble(DiscoveredEntity entity, ChunkMetadata chunk)
    {
        var relation = Find(entity, chunk);
        if (relation is null)
        {
            return null;
        }

        var schema = new SchemaRef(_serviceName, entity.Database, relation.Schema);
        var named = (relation.Schema, relation.Name);
        var constraints = chunk.Constraints.GetValueOrDefault(relation.Oid) ?? [];
        var keys = new KeyPlacement(Keys(schema, constraints, chunk));
        var columnRows = chunk.NamedColumns.GetValueOrDefault(named) ?? chunk.Columns.GetValueOrDefault(relation.Oid) ?? [];
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Merge(properties, chunk.Properties.GetValueOrDefault(relation.Oid));
        Merge(properties, chunk.NamedProperties.GetValueOrDefault(named));
        AddRelationProperties(properties, relation);

        return new TableMetadata
        {
            Schema = schema,
            Name = relation.Name,
            TableType = TableTypeOf(relation),
            Columns = Columns(relation.Oid, columnRows, keys, chunk),
            Description = relation.Description ?? chunk.Descriptions.GetValueOrDefault((relation.Oid, 0)),
            TableConstraints = keys.TableConstraints,
            TablePartition = Partition(relation, chunk),
            SchemaDefinition = relation.ViewDefinition,
            SourceDetails = new SourceDetails
            {
                Indexes = [.. (chunk.Indexes.GetValueOrDefault(relation.Oid) ?? []).Select(i => IndexDefinitions.From(i, relation, columnRows))],
                CheckConstraints = [.. constraints.Where(c => c.Type == 'c').Select(c => new CheckConstraint(c.Name, c.Definition ?? string.Empty))],
                Owners = _metadata.IncludeOwners && relation.Owner is not null ? [relation.Owner] : [],
                Properties = properties,
            },
        };
    }

    private static RelationRow? Find(DiscoveredEntity entity, ChunkMetadata chunk)
    {
        var relation = entity.SourceId is { } oid
            ? chunk.Relations.GetValueOrDefault(oid)
            : chunk.NamedRelations.GetValueOrDefault((entity.Schema, entity.Name));

        // An OID may be reused by a new relation after a drop: only the same schema and name count as the same table.
        return relation is not null && relation.Schema == entity.Schema && relation.Name == entity.Name ? relation : null;
    }

    /// <summary>A foreign key's table and columns, named from the chunk when it holds the table, else from the follow-up batch.</summary>
    private static (string Schema, string Table, IReadOnlyList<string> Columns) Referenced(ConstraintRow constraint, ChunkMetadata chunk)
    {
        var oid = constraint.ReferencedRelation;
        if (chunk.Relations.TryGetValue(oid, out var inChunk))
        {
            var columns = chunk.Columns.GetValueOrDefault(oid) ?? [];
            return (inChunk.Schema, inChunk.Name, [.. constraint.ReferencedKeys.Select(k => MetadataRowReaders.ColumnName(columns, k, oid))]);
        }

        // Between the two batches the referenced table or column may have been dropped (and the foreign key with it).
        if (!chunk.ReferencedRelations.TryGetValue(oid, out var outside)
            || constraint.ReferencedKeys.Any(k => !chunk.ReferencedColumns.ContainsKey((oid, k))))
        {
            throw new TransientException($"The catalog changed while the chunk was read: the table (OID {oid}) that foreign key {constraint.Name} references, or one of its columns, was not found; the chunk is retried.");
        }

        return (outside.Schema, outside.Name, [.. constraint.ReferencedKeys.Select(k => chunk.ReferencedColumns[(oid, k)])]);
    }

    private static TableType TableTypeOf(RelationRow relation) => relation.Kind switch
    {
        'p' => TableType.Partitioned,
        'v' => TableType.View,
        'm' => TableType.MaterializedView,
        'f' => TableType.Foreign,
        'e' => TableType.External,
        _ => TableType.Regular,
    };

    private static List<Column> Columns(long relation, List<ColumnRow> rows, KeyPlacement keys, ChunkMetadata chunk)
    {
        var columns = new List<Column>(rows.Count);
        foreach (var row in rows)
        {
            // "???" is format_type's own spelling of a type it cannot find (dropped between the two batches).
            var display = row.DisplayType ?? chunk.TypeSpellings.GetValueOrDefault((row.TypeOid ?? 0, row.TypeModifier)) ?? "???";
            var type = row.TypeOid is { } oid
                ? PostgresTypeMapper.Map(oid, row.TypeModifier, chunk.Types)
                : PostgresTypeMapper.MapSpelling(display);
            columns.Add(type.ToColumn(
                row.Name,
                display,
                row.Description ?? chunk.Descriptions.GetValueOrDefault((relation, row.Ordinal)),
                keys.ColumnConstraint(row.Name, nullable: !row.NotNull),
                row.Ordinal));
        }

        return columns;
    }

    private IEnumerable<TableKey> Keys(SchemaRef schema, List<ConstraintRow> constraints, ChunkMetadata chunk)
    {
        foreach (var constraint in constraints)
        {
            switch (constraint.Type)
            {
                case 'p':
                    yield return new TableKey(ConstraintType.PrimaryKey, constraint.Columns);
                    break;
                case 'u':
                    yield return new TableKey(ConstraintType.Unique, constraint.Columns);
                    break;
                case 'f':
                    var (referencedSchema, referencedTable, referencedColumns) = constraint.ReferencedRelation == 0
                        ? (constraint.ReferencedSchema ?? schema.Schema, constraint.ReferencedTable ?? string.Empty, constraint.ReferencedColumns)
                        : Referenced(constraint, chunk);
                    yield return new TableKey(ConstraintType.ForeignKey, constraint.Columns, [.. referencedColumns.Select(c =>
                        Fqn.Join(_serviceName, schema.Database, referencedSchema, referencedTable, c))]);
                    break;
                case 'd':
                    yield return new TableKey(ConstraintType.DistKey, constraint.Columns);
                    break;
                case 's':
                    yield return new TableKey(ConstraintType.SortKey, constraint.Columns);
                    break;
            }
        }
    }

    private static TablePartition? Partition(RelationRow relation, ChunkMetadata chunk)
    {
        if (relation.PartitionStrategy is { } strategy && relation.PartitionColumns.Count > 0)
        {
            return new TablePartition
            {
                Columns = relation.PartitionColumns,
                IntervalType = strategy == 'r'
                    ? PostgresTypeMapper.RangeIntervalType(relation.PartitionColumnCategories.Length > 0 ? relation.PartitionColumnCategories[0] : ' ')
                    : PartitionIntervalType.ColumnValue,
            };
        }

        if (relation.Kind == 'e' && chunk.NamedPartitionColumns.TryGetValue((relation.Schema, relation.Name), out var keys))
        {
            return new TablePartition { Columns = [.. keys.Values], IntervalType = PartitionIntervalType.ColumnValue };
        }

        return null;
    }

    private static void AddRelationProperties(SortedDictionary<string, string> properties, RelationRow relation)
    {
        Set(properties, "partitionKey", relation.PartitionKey);
        if (relation.PartitionStrategy is not null)
        {
            Set(properties, "partitionCount", relation.PartitionCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Set(properties, "partitionOf", relation.PartitionOf);
        Set(properties, "partitionBound", relation.PartitionBound);
        Set(properties, "foreignServer", relation.ForeignServer);
    }

    private static void Merge(SortedDictionary<string, string> target, SortedDictionary<string, string>? source)
    {
        foreach (var (key, value) in source ?? [])
        {
            target[key] = value;
        }
    }

    private static void Set(SortedDictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties[key] = value;
        }
    }
}
