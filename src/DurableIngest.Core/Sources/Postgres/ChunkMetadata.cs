namespace DurableIngest.Sources.Postgres;

/// <summary>Everything one chunk's catalog queries returned, keyed by relation OID (or by schema and name where the server has no OID).</summary>
internal sealed class ChunkMetadata
{
    public Dictionary<long, RelationRow> Relations { get; } = [];

    public Dictionary<long, List<ColumnRow>> Columns { get; } = [];

    public Dictionary<uint, TypeInfo> Types { get; } = [];

    /// <summary>Column types <see cref="BuiltInTypes"/> does not know: the follow-up batch reads them.</summary>
    public HashSet<uint> UnknownTypes { get; } = [];

    /// <summary>Column types (with their modifier) only the server can spell: the follow-up batch spells them.</summary>
    public HashSet<(uint Oid, int Modifier)> UnspelledTypes { get; } = [];

    /// <summary>The follow-up's spellings of <see cref="UnspelledTypes"/>.</summary>
    public Dictionary<(uint Oid, int Modifier), string> TypeSpellings { get; } = [];

    /// <summary>Comments by relation OID and sub-id (0: the relation; n: its column with attnum n).</summary>
    public Dictionary<(long Relation, int SubId), string> Descriptions { get; } = [];

    public Dictionary<long, List<ConstraintRow>> Constraints { get; } = [];

    public Dictionary<long, List<IndexRow>> Indexes { get; } = [];

    /// <summary>Schema and name of tables outside the chunk that its foreign keys reference (the follow-up batch).</summary>
    public Dictionary<uint, (string Schema, string Name)> ReferencedRelations { get; } = [];

    /// <summary>Names of the referenced columns of those tables, by relation and attnum (the follow-up batch).</summary>
    public Dictionary<(uint Relation, short Ordinal), string> ReferencedColumns { get; } = [];

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
