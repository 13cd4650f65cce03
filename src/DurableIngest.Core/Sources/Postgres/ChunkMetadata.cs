namespace DurableIngest.Sources.Postgres;

/// <summary>Everything one chunk's catalog queries returned, keyed by relation OID (or by schema and name where the server has no OID).</summary>
internal sealed class ChunkMetadata
{
    public Dictionary<long, RelationRow> Relations { get; } = [];

    public Dictionary<long, List<ColumnRow>> Columns { get; } = [];

    public Dictionary<uint, TypeInfo> Types { get; } = [];

    /// <summary>Comments by relation OID and sub-id (0: the relation; n: its column with attnum n).</summary>
    public Dictionary<(long Relation, int SubId), string> Descriptions { get; } = [];

    public Dictionary<long, List<ConstraintRow>> Constraints { get; } = [];

    public Dictionary<long, List<IndexRow>> Indexes { get; } = [];

    public Dictionary<long, SortedDictionary<string, string>> Properties { get; } = [];

    /// <summary>Relations known by name only (Redshift external tables).</summary>
    public Dictionary<(string Schema, string Name), RelationRow> NamedRelations { get; } = [];

    /// <summary>Columns known by relation name only (Redshift late-binding views and external tables); they win over <see cref="Columns"/>.</summary>
    public Dictionary<(string Schema, string Name), List<ColumnRow>> NamedColumns { get; } = [];

    public Dictionary<(string Schema, string Name), SortedDictionary<string, string>> NamedProperties { get; } = [];

    /// <summary>Partition key columns of relations known by name only, by key position (Redshift external tables).</summary>
    public Dictionary<(string Schema, string Name), SortedDictionary<int, string>> NamedPartitionColumns { get; } = [];

    public static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            list = [];
            map[key] = list;
        }

        list.Add(value);
    }

    public static void SetProperty<TKey>(Dictionary<TKey, SortedDictionary<string, string>> map, TKey key, string name, string? value)
        where TKey : notnull
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!map.TryGetValue(key, out var properties))
        {
            properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
            map[key] = properties;
        }

        properties[name] = value;
    }
}
