namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The keys of every table of one schema, as its three SHOW commands list them, or why they could not be read (the
/// role may not see the schema): then each entity of the schema is a failure, never the chunk or the run.
/// </summary>
internal sealed class SchemaKeys
{
    private readonly Dictionary<string, List<KeyConstraint>> _byTable;

    private SchemaKeys(Dictionary<string, List<KeyConstraint>> byTable, string? failure)
    {
        _byTable = byTable;
        Failure = failure;
    }

    /// <summary>Why the keys could not be read; null when they were.</summary>
    public string? Failure { get; }

    public static SchemaKeys Failed(string failure) => new(new(StringComparer.Ordinal), failure);

    /// <summary>Groups SHOW rows into constraints per table, each one's columns in <c>key_sequence</c> order.</summary>
    public static SchemaKeys From(SnowflakeResult primary, SnowflakeResult unique, SnowflakeResult imported)
    {
        var byTable = new Dictionary<string, List<KeyConstraint>>(StringComparer.Ordinal);
        AddKeys(byTable, primary, 'p');
        AddKeys(byTable, unique, 'u');
        AddForeignKeys(byTable, imported);
        return new SchemaKeys(byTable, null);
    }

    public IReadOnlyList<KeyConstraint> For(string table) => _byTable.GetValueOrDefault(table) ?? [];

    private static void AddKeys(Dictionary<string, List<KeyConstraint>> byTable, SnowflakeResult result, char type)
    {
        var (table, column, sequence, name) = (result.IndexOf("table_name"), result.IndexOf("column_name"), result.IndexOf("key_sequence"), result.IndexOf("constraint_name"));
        foreach (var group in result.Rows.GroupBy(r => (Table: r[table] ?? string.Empty, Name: r[name] ?? string.Empty)))
        {
            var columns = group.OrderBy(r => Sequence(r[sequence])).Select(r => r[column] ?? string.Empty).ToList();
            Add(byTable, group.Key.Table, new KeyConstraint(type, group.Key.Name, columns));
        }
    }

    private static void AddForeignKeys(Dictionary<string, List<KeyConstraint>> byTable, SnowflakeResult result)
    {
        var fkTable = result.IndexOf("fk_table_name");
        var fkColumn = result.IndexOf("fk_column_name");
        var fkName = result.IndexOf("fk_name");
        var sequence = result.IndexOf("key_sequence");
        var (pkDatabase, pkSchema, pkTable, pkColumn) =
            (result.IndexOf("pk_database_name"), result.IndexOf("pk_schema_name"), result.IndexOf("pk_table_name"), result.IndexOf("pk_column_name"));
        foreach (var group in result.Rows.GroupBy(r => (Table: r[fkTable] ?? string.Empty, Name: r[fkName] ?? string.Empty)))
        {
            var rows = group.OrderBy(r => Sequence(r[sequence])).ToList();
            var first = rows[0];
            Add(byTable, group.Key.Table, new KeyConstraint(
                'f',
                group.Key.Name,
                [.. rows.Select(r => r[fkColumn] ?? string.Empty)],
                first[pkDatabase],
                first[pkSchema],
                first[pkTable],
                [.. rows.Select(r => r[pkColumn] ?? string.Empty)]));
        }
    }

    private static void Add(Dictionary<string, List<KeyConstraint>> byTable, string table, KeyConstraint key)
    {
        if (!byTable.TryGetValue(table, out var keys))
        {
            keys = [];
            byTable[table] = keys;
        }

        keys.Add(key);
    }

    private static int Sequence(string? text) =>
        int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : int.MaxValue;
}
