using System.Globalization;

namespace DurableIngest.Sources.Snowflake;

/// <summary>What one database's part of a chunk read: tables, columns and views by (schema, name).</summary>
internal sealed class SnowflakeChunkMetadata
{
    public Dictionary<(string Schema, string Name), TableRow> Tables { get; } = [];

    public Dictionary<(string Schema, string Name), List<ColumnRow>> Columns { get; } = [];

    public Dictionary<(string Schema, string Name), ViewRow> Views { get; } = [];

    public static SnowflakeChunkMetadata From(SnowflakeResult tables, SnowflakeResult columns, SnowflakeResult? views)
    {
        var chunk = new SnowflakeChunkMetadata();
        var t = new Reader(tables);
        foreach (var row in tables.Rows)
        {
            var key = (t.Text(row, "TABLE_SCHEMA"), t.Text(row, "TABLE_NAME"));
            chunk.Tables[key] = new TableRow(
                key.Item1,
                key.Item2,
                t.Optional(row, "TABLE_TYPE"),
                t.Optional(row, "TABLE_OWNER"),
                Yes(t.Optional(row, "IS_TRANSIENT")),
                Yes(t.Optional(row, "IS_ICEBERG")),
                Yes(t.Optional(row, "IS_DYNAMIC")),
                t.Optional(row, "CLUSTERING_KEY"),
                t.Optional(row, "COMMENT"));
        }

        var c = new Reader(columns);
        foreach (var row in columns.Rows)
        {
            var key = (c.Text(row, "TABLE_SCHEMA"), c.Text(row, "TABLE_NAME"));
            if (!chunk.Columns.TryGetValue(key, out var list))
            {
                list = [];
                chunk.Columns[key] = list;
            }

            list.Add(new ColumnRow(
                c.Text(row, "COLUMN_NAME"),
                c.Int(row, "ORDINAL_POSITION") ?? list.Count + 1,
                !string.Equals(c.Optional(row, "IS_NULLABLE"), "NO", StringComparison.OrdinalIgnoreCase),
                c.Text(row, "DATA_TYPE"),
                c.Int(row, "CHARACTER_MAXIMUM_LENGTH"),
                c.Int(row, "NUMERIC_PRECISION"),
                c.Int(row, "NUMERIC_SCALE"),
                c.Optional(row, "COMMENT")));
        }

        if (views is not null)
        {
            var v = new Reader(views);
            foreach (var row in views.Rows)
            {
                chunk.Views[(v.Text(row, "TABLE_SCHEMA"), v.Text(row, "TABLE_NAME"))] =
                    new ViewRow(v.Optional(row, "VIEW_DEFINITION"), Yes(v.Optional(row, "IS_SECURE")));
            }
        }

        return chunk;
    }

    /// <summary>INFORMATION_SCHEMA flags are YES/NO; SHOW output uses Y/N and booleans come as true/false.</summary>
    internal static bool Yes(string? flag) => flag is not null && (flag.Equals("YES", StringComparison.OrdinalIgnoreCase)
        || flag.Equals("Y", StringComparison.OrdinalIgnoreCase) || flag.Equals("TRUE", StringComparison.OrdinalIgnoreCase));

    private sealed class Reader(SnowflakeResult result)
    {
        private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);

        public string Text(string?[] row, string column) => Optional(row, column) ?? string.Empty;

        public string? Optional(string?[] row, string column)
        {
            if (!_indexes.TryGetValue(column, out var index))
            {
                index = result.IndexOf(column);
                _indexes[column] = index;
            }

            return index < row.Length ? row[index] : null;
        }

        public int? Int(string?[] row, string column) =>
            decimal.TryParse(Optional(row, column), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value is >= int.MinValue and <= int.MaxValue
                ? (int)value
                : null;
    }
}
