using DurableIngest.Sources.Postgres;
using Npgsql;

namespace DurableIngest.Sources.Redshift;

/// <summary>Reads Redshift's own catalog rows (keys, table info, late-binding and external columns) into the chunk catalog.</summary>
internal static class RedshiftRowReaders
{
    /// <summary>attrelid, attname, attisdistkey, attsortkeyord (negative for interleaved sort keys).</summary>
    public static void Key(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var relation = (long)reader.GetFieldValue<uint>(0);
        var column = reader.GetString(1);
        var sortOrder = reader.GetInt32(3);
        if (reader.GetBoolean(2))
        {
            AppendKey(chunk, relation, 'd', "distkey", column);
        }

        if (sortOrder != 0)
        {
            AppendKey(chunk, relation, 's', "sortkey", column);
            ChunkMetadata.SetProperty(chunk.Properties, relation, "sortKeyStyle", sortOrder < 0 ? "interleaved" : "compound");
        }
    }

    /// <summary>table_id, diststyle, sortkey1, sortkey_num.</summary>
    public static void TableInfo(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var relation = (long)reader.GetFieldValue<uint>(0);
        ChunkMetadata.SetProperty(chunk.Properties, relation, "distStyle", MetadataRowReaders.NullableString(reader, 1));
    }

    /// <summary>view_schema, view_name, col_name, col_type, col_num.</summary>
    public static void LateBindingColumn(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var key = (reader.GetString(0), reader.GetString(1));
        ChunkMetadata.Add(chunk.NamedColumns, key, new ColumnRow
        {
            Name = reader.GetString(2),
            DisplayType = reader.GetString(3),
            Ordinal = reader.GetInt32(4),
        });
        ChunkMetadata.SetProperty(chunk.NamedProperties, key, "lateBindingView", "true");
    }

    /// <summary>schemaname, tablename, location, input_format, output_format, serialization_lib.</summary>
    public static void ExternalTable(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var key = (reader.GetString(0), reader.GetString(1));
        chunk.NamedRelations[key] = new RelationRow { Oid = 0, Schema = key.Item1, Name = key.Item2, Kind = 'e' };
        ChunkMetadata.SetProperty(chunk.NamedProperties, key, "location", MetadataRowReaders.NullableString(reader, 2));
        ChunkMetadata.SetProperty(chunk.NamedProperties, key, "inputFormat", MetadataRowReaders.NullableString(reader, 3));
        ChunkMetadata.SetProperty(chunk.NamedProperties, key, "outputFormat", MetadataRowReaders.NullableString(reader, 4));
        ChunkMetadata.SetProperty(chunk.NamedProperties, key, "serializationLib", MetadataRowReaders.NullableString(reader, 5));
    }

    /// <summary>schemaname, tablename, columnname, external_type, columnnum, part_key, is_nullable.</summary>
    public static void ExternalColumn(NpgsqlDataReader reader, ChunkMetadata chunk)
    {
        var key = (reader.GetString(0), reader.GetString(1));
        var name = reader.GetString(2);
        var partitionKey = reader.IsDBNull(5) ? 0 : reader.GetInt32(5);
        ChunkMetadata.Add(chunk.NamedColumns, key, new ColumnRow
        {
            Name = name,
            DisplayType = reader.GetString(3),
            Ordinal = reader.GetInt32(4),
            NotNull = !reader.IsDBNull(6) && string.Equals(reader.GetString(6), "false", StringComparison.OrdinalIgnoreCase),
        });
        if (partitionKey > 0)
        {
            if (!chunk.NamedPartitionColumns.TryGetValue(key, out var keys))
            {
                keys = [];
                chunk.NamedPartitionColumns[key] = keys;
            }

            keys[partitionKey] = name;
        }
    }

    private static void AppendKey(ChunkMetadata chunk, long relation, char type, string name, string column)
    {
        var constraints = chunk.Constraints.GetValueOrDefault(relation);
        var existing = constraints?.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            ChunkMetadata.Add(chunk.Constraints, relation, new ConstraintRow { Name = name, Type = type, Columns = [column] });
            return;
        }

        constraints!.Remove(existing);
        constraints.Add(existing with { Columns = [.. existing.Columns, column] });
    }
}
