namespace DurableIngest.Sources.Postgres;

/// <summary>A relation (table, view, ...) of a chunk as <c>pg_class</c> and its neighbours describe it.</summary>
internal sealed record RelationRow
{
    public required long Oid { get; init; }
    public required string Schema { get; init; }
    public required string Name { get; init; }
    /// <summary><c>relkind</c>: r, p, v, m, f; <c>e</c> for a Redshift external table (not in pg_class).</summary>
    public required char Kind { get; init; }
    public bool IsPartition { get; init; }
    public string? Description { get; init; }
    public string? Owner { get; init; }
    public string? ViewDefinition { get; init; }
    /// <summary><c>partstrat</c>: r (range), l (list), h (hash).</summary>
    public char? PartitionStrategy { get; init; }
    public string? PartitionKey { get; init; }
    public IReadOnlyList<string> PartitionColumns { get; init; } = [];
    /// <summary>The <c>typcategory</c> of each partition column (D date/time, N numeric, ...).</summary>
    public string PartitionColumnCategories { get; init; } = string.Empty;
    public long PartitionCount { get; init; }
    public string? PartitionOf { get; init; }
    public string? PartitionBound { get; init; }
    public string? ForeignServer { get; init; }
    /// <summary>The relation as SQL spells it, <c>schema.name</c> quoted where needed, for index definitions.</summary>
    public string? QualifiedName { get; init; }
}

/// <summary>A column; <see cref="TypeOid"/> is null when only the type's spelling is known (Redshift late-binding and external columns).</summary>
internal sealed record ColumnRow
{
    public required string Name { get; init; }
    public required int Ordinal { get; init; }
    /// <summary>The type as <c>format_type</c> spells it; null when the chunk's follow-up batch spelled it (<see cref="ChunkMetadata.TypeSpellings"/>).</summary>
    public required string? DisplayType { get; init; }
    public uint? TypeOid { get; init; }
    public int TypeModifier { get; init; } = -1;
    public bool NotNull { get; init; }
    public string? Description { get; init; }
    /// <summary>The name as SQL spells it (<c>quote_ident</c>), for index definitions; null where that is the name itself.</summary>
    public string? QuotedName { get; init; }
}

/// <summary>
/// A constraint: <c>contype</c> p, u, f, c, or <c>d</c> / <c>s</c> for Redshift's dist and sort keys
/// (<see cref="Columns"/> in key order). <see cref="Definition"/> holds a check constraint's text.
/// </summary>
internal sealed record ConstraintRow
{
    public required string Name { get; init; }
    public required char Type { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public string? ReferencedSchema { get; init; }
    public string? ReferencedTable { get; init; }
    public IReadOnlyList<string> ReferencedColumns { get; init; } = [];
    /// <summary>The referenced table's OID, when the names are resolved as the table is assembled (0: none, or named above).</summary>
    public uint ReferencedRelation { get; init; }
    /// <summary>The referenced columns' attnums, with <see cref="ReferencedRelation"/>.</summary>
    public IReadOnlyList<short> ReferencedKeys { get; init; } = [];
    public string? Definition { get; init; }
}

/// <summary>
/// An index as <c>pg_index</c> stores it: key attnums (0 for an expression, whose text is in <see cref="Expressions"/>),
/// per-key options (bit 1 DESC, bit 2 NULLS FIRST), how many attnums are keys (the rest are INCLUDE columns).
/// </summary>
internal sealed record IndexRow
{
    public required string Name { get; init; }
    public required string QuotedName { get; init; }
    public required bool Unique { get; init; }
    public required IReadOnlyList<short> Keys { get; init; }
    public required IReadOnlyList<short> Options { get; init; }
    public required int KeyCount { get; init; }
    public required string Method { get; init; }
    public IReadOnlyList<string>? Expressions { get; init; }
    public string? Predicate { get; init; }
}
