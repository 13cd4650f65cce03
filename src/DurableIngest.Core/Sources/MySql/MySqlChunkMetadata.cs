namespace DurableIngest.Sources.MySql;

/// <summary>Everything one chunk's information_schema statements returned, keyed by schema and table name (exact case).</summary>
internal sealed class MySqlChunkMetadata
{
    public Dictionary<(string Schema, string Name), MySqlTableRow> Tables { get; } = [];

    public Dictionary<(string Schema, string Name), List<MySqlColumnRow>> Columns { get; } = [];

    public Dictionary<(string Schema, string Name), List<MySqlKeyColumnRow>> Keys { get; } = [];

    public Dictionary<(string Schema, string Name), List<MySqlIndexColumnRow>> Indexes { get; } = [];

    public Dictionary<(string Schema, string Name), List<MySqlCheckRow>> Checks { get; } = [];

    public Dictionary<(string Schema, string Name), List<MySqlPartitionRow>> Partitions { get; } = [];

    public Dictionary<(string Schema, string Name), MySqlViewRow> Views { get; } = [];

    /// <summary>Why the server cannot resolve a view (a dropped table, a definer without rights), by view.</summary>
    public Dictionary<(string Schema, string Name), string> ViewProblems { get; } = [];

    public static void Add<T>(Dictionary<(string Schema, string Name), List<T>> map, (string Schema, string Name) key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }
}
