using System.Globalization;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Turns result rows into <see cref="MySqlChunkMetadata"/> entries. Column positions match <see cref="MySqlChunkQuery"/>'s
/// SELECT lists; every statement starts with the schema and the table name.
/// </summary>
internal static class MySqlRowReaders
{
    public static void Table(MySqlDataReader reader, MySqlChunkMetadata catalog)
    {
        var row = new MySqlTableRow
        {
            Schema = reader.GetString(0),
            Name = reader.GetString(1),
            TableType = reader.GetString(2),
            Engine = NullableString(reader, 3),
            Collation = NullableString(reader, 4),
            Comment = NullableString(reader, 5),
            Partitioned = NullableString(reader, 6)?.Contains("partitioned", StringComparison.OrdinalIgnoreCase) == true,
        };
        catalog.Tables[(row.Schema, row.Name)] = row;

        // Opened in full, a view the server cannot resolve has its reason as the comment instead of VIEW.
        if (row.TableType.Contains("VIEW", StringComparison.OrdinalIgnoreCase) && row.Comment is { Length: > 0 } comment && comment != "VIEW")
        {
            catalog.ViewProblems[(row.Schema, row.Name)] = comment;
        }
    }

    public static void Column(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        MySqlChunkMetadata.Add(catalog.Columns, Key(reader), new MySqlColumnRow
        {
            Name = reader.GetString(2),
            Ordinal = (int)Number(reader, 3)!.Value,
            Nullable = reader.GetString(4) == "YES",
            DataType = reader.GetString(5),
            ColumnType = reader.GetString(6),
            CharacterLength = Number(reader, 7),
            Precision = Number(reader, 8),
            Scale = Number(reader, 9),
            CharacterSet = NullableString(reader, 10),
            Collation = NullableString(reader, 11),
            Extra = NullableString(reader, 12),
            Comment = NullableString(reader, 13),
            GenerationExpression = NullableString(reader, 14),
        });

    public static void KeyColumn(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        MySqlChunkMetadata.Add(catalog.Keys, Key(reader), new MySqlKeyColumnRow
        {
            ConstraintName = reader.GetString(2),
            Column = reader.GetString(3),
            ReferencedSchema = NullableString(reader, 4),
            ReferencedTable = NullableString(reader, 5),
            ReferencedColumn = NullableString(reader, 6),
        });

    public static void IndexColumn(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        MySqlChunkMetadata.Add(catalog.Indexes, Key(reader), new MySqlIndexColumnRow
        {
            IndexName = reader.GetString(2),
            Unique = Number(reader, 3) == 0,
            Column = NullableString(reader, 4),
            SubPart = Number(reader, 5),
            Order = NullableString(reader, 6),
            IndexType = reader.GetString(7),
            Comment = NullableString(reader, 8),
            Expression = reader.FieldCount > 9 ? NullableString(reader, 9) : null,
        });

    public static void Check(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        MySqlChunkMetadata.Add(catalog.Checks, Key(reader), new MySqlCheckRow(reader.GetString(2), reader.GetString(3), Number(reader, 4) == 1));

    public static void Partition(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        MySqlChunkMetadata.Add(catalog.Partitions, Key(reader), new MySqlPartitionRow
        {
            Method = reader.GetString(2),
            Expression = NullableString(reader, 3),
            SubpartitionMethod = NullableString(reader, 4),
            SubpartitionExpression = NullableString(reader, 5),
            Name = reader.GetString(6),
            SubpartitionName = NullableString(reader, 7),
        });

    public static void View(MySqlDataReader reader, MySqlChunkMetadata catalog) =>
        catalog.Views[Key(reader)] = new MySqlViewRow(NullableString(reader, 2), NullableString(reader, 3), NullableString(reader, 4));

    private static (string Schema, string Name) Key(MySqlDataReader reader) => (reader.GetString(0), reader.GetString(1));

    private static string? NullableString(MySqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    // information_schema's numbers are BIGINT UNSIGNED on one server and BIGINT on another: read whichever it is.
    private static long? Number(MySqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        var value = reader.GetValue(ordinal);
        return value is ulong big && big > long.MaxValue ? long.MaxValue : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
