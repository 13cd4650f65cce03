using DurableIngest.Failures;
using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>Turns result rows into <see cref="ChunkMetadata"/> entries. Column positions match the dialects' SELECT lists.</summary>
internal static class MetadataRowReaders
{
    /// <summary>oid, nspname, relname, relkind, is_partition, description, owner, view_definition, partstrat, partition_key, partition_columns, partition_categories, partition_count, partition_of, partition_bound, foreign_server, quoted schema.name (null where there are no indexes).</summary>
    public static void Relation(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var row = new RelationRow
        {
            Oid = reader.GetFieldValue<uint>(0),
            Schema = reader.GetString(1),
            Name = reader.GetString(2),
            Kind = Char(reader, 3),
            IsPartition = reader.GetBoolean(4),
            Description = NullableString(reader, 5),
            Owner = NullableString(reader, 6),
            ViewDefinition = NullableString(reader, 7),
            PartitionStrategy = reader.IsDBNull(8) ? null : Char(reader, 8),
            PartitionKey = NullableString(reader, 9),
            PartitionColumns = reader.IsDBNull(10) ? [] : reader.GetFieldValue<string[]>(10),
            PartitionColumnCategories = NullableString(reader, 11) ?? string.Empty,
            PartitionCount = reader.IsDBNull(12) ? 0 : reader.GetInt64(12),
            PartitionOf = NullableString(reader, 13),
            PartitionBound = NullableString(reader, 14),
            ForeignServer = NullableString(reader, 15),
            QualifiedName = NullableString(reader, 16),
        };
        chunk.Relations[row.Oid] = row;
    }

    /// <summary>
    /// attrelid, attnum, attname, format_type (null for types pinned at bootstrap: spelled here), atttypid, atttypmod,
    /// attnotnull, description, quote_ident(attname) where it differs from attname.
    /// </summary>
    public static void Column(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var relation = reader.GetFieldValue<uint>(0);
        var typeOid = reader.GetFieldValue<uint>(4);
        var modifier = reader.GetInt32(5);
        var display = NullableString(reader, 3);
        if (display is null && !BuiltInTypes.TryFormat(typeOid, modifier, out display))
        {
            chunk.UnspelledTypes.Add((typeOid, modifier));
        }

        if (!chunk.Types.ContainsKey(typeOid))
        {
            if (BuiltInTypes.TryGet(typeOid, out var type))
            {
                chunk.Types[typeOid] = type;
                if (type.Category == 'A' && BuiltInTypes.TryGet(type.Element, out var element))
                {
                    chunk.Types.TryAdd(element.Oid, element);
                }
            }
            else
            {
                chunk.UnknownTypes.Add(typeOid);
            }
        }

        ChunkMetadata.Add(chunk.Columns, relation, new ColumnRow
        {
            Ordinal = reader.GetInt16(1),
            Name = reader.GetString(2),
            DisplayType = display,
            TypeOid = typeOid,
            TypeModifier = modifier,
            NotNull = reader.GetBoolean(6),
            Description = NullableString(reader, 7),
            QuotedName = NullableString(reader, 8),
        });
    }

    /// <summary>oid, modifier, format_type(oid, modifier).</summary>
    public static void TypeSpelling(NpgsqlDataReader reader, ChunkMetadata chunk) =>
        chunk.TypeSpellings[(reader.GetFieldValue<uint>(0), reader.GetInt32(1))] = reader.GetString(2);

    /// <summary>oid, typname, typtype, typcategory, typelem, typbasetype, typtypmod.</summary>
    public static void Type(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var row = new TypeInfo(
            reader.GetFieldValue<uint>(0),
            reader.GetString(1),
            Char(reader, 2),
            reader.IsDBNull(3) ? ' ' : Char(reader, 3),
            reader.GetFieldValue<uint>(4),
            reader.GetFieldValue<uint>(5),
            reader.GetInt32(6));
        chunk.Types[row.Oid] = row;
    }

    /// <summary>
    /// conrelid, conname, contype, conkey (attnums, named from the chunk's columns, which the batch reads first),
    /// confrelid, confkey (named when the table is assembled), definition.
    /// </summary>
    public static void ConstraintWithKeys(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var relation = (long)reader.GetFieldValue<uint>(0);
        var keys = reader.IsDBNull(3) ? [] : reader.GetFieldValue<short[]>(3);
        var columns = chunk.Columns.GetValueOrDefault(relation) ?? [];
        var names = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            names[i] = ColumnName(columns, keys[i], relation);
        }

        ChunkMetadata.Add(chunk.Constraints, relation, new ConstraintRow
        {
            Name = reader.GetString(1),
            Type = Char(reader, 2),
            Columns = names,
            ReferencedRelation = reader.GetFieldValue<uint>(4),
            ReferencedKeys = reader.IsDBNull(5) ? [] : reader.GetFieldValue<short[]>(5),
            Definition = NullableString(reader, 6),
        });
    }

    /// <summary>A relation's column by attnum among the rows the chunk read (a scan: a table has a few dozen).</summary>
    public static ColumnRow? FindColumn(IReadOnlyList<ColumnRow> columns, int ordinal)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (columns[i].Ordinal == ordinal)
            {
                return columns[i];
            }
        }

        return null;
    }

    /// <summary>The name of a relation's column by attnum, from the rows the chunk read.</summary>
    public static string ColumnName(List<ColumnRow> columns, short ordinal, long relation) =>
        FindColumn(columns, ordinal)?.Name
        // Statements of a batch each take their own snapshot: a column added in between is not among the rows read.
        ?? throw new TransientException($"The catalog changed while the chunk was read: column {ordinal} of relation {relation} was not among its columns; the chunk is retried.");

    /// <summary>oid, nspname, relname of a table outside the chunk that a foreign key references.</summary>
    public static void ReferencedRelation(NpgsqlDataReader reader, ChunkMetadata chunk) =>
        chunk.ReferencedRelations[reader.GetFieldValue<uint>(0)] = (reader.GetString(1), reader.GetString(2));

    /// <summary>attrelid, attnum, attname of a referenced column of such a table.</summary>
    public static void ReferencedColumn(NpgsqlDataReader reader, ChunkMetadata chunk) =>
        chunk.ReferencedColumns[(reader.GetFieldValue<uint>(0), reader.GetInt16(1))] = reader.GetString(2);

    /// <summary>objoid, objsubid (0 for the relation, else the column's attnum), description.</summary>
    public static void Description(NpgsqlDataReader reader, ChunkMetadata chunk) =>
        chunk.Descriptions[((long)reader.GetFieldValue<uint>(0), reader.GetInt32(1))] = reader.GetString(2);

    /// <summary>
    /// conrelid, conname, contype, referenced schema, referenced table, pg_get_constraintdef: the column lists are read
    /// from the definition, for servers that cannot return arrays (Redshift).
    /// </summary>
    public static void ConstraintFromDefinition(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var type = Char(reader, 2);
        var definition = reader.GetString(5);
        var lists = ConstraintDefinitionParser.ColumnLists(definition);
        ChunkMetadata.Add(chunk.Constraints, (long)reader.GetFieldValue<uint>(0), new ConstraintRow
        {
            Name = reader.GetString(1),
            Type = type,
            Columns = type == 'c' || lists.Count == 0 ? [] : lists[0],
            ReferencedSchema = NullableString(reader, 3),
            ReferencedTable = NullableString(reader, 4),
            ReferencedColumns = type == 'f' && lists.Count > 1 ? lists[1] : [],
            Definition = type == 'c' ? definition : null,
        });
    }

    /// <summary>indrelid, relname, quote_ident(relname), indisunique, indkey, indoption, indnkeyatts, amname, expressions[], predicate.</summary>
    public static void Index(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        ChunkMetadata.Add(chunk.Indexes, (long)reader.GetFieldValue<uint>(0), new IndexRow
        {
            Name = reader.GetString(1),
            QuotedName = reader.GetString(2),
            Unique = reader.GetBoolean(3),
            Keys = reader.GetFieldValue<short[]>(4),
            Options = reader.GetFieldValue<short[]>(5),
            KeyCount = reader.GetInt16(6),
            Method = reader.GetString(7),
            Expressions = reader.IsDBNull(8) ? null : reader.GetFieldValue<string[]>(8),
            Predicate = NullableString(reader, 9),
        });
    }

    /// <summary>A one-letter code (<c>relkind</c>, <c>contype</c>, ...), selected as text: Npgsql reads "char" only with type loading on.</summary>
    public static char Char(NpgsqlDataReader reader, int ordinal) => reader.GetString(ordinal) is { Length: > 0 } text ? text[0] : ' ';

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
