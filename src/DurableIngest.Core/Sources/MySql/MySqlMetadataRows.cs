namespace DurableIngest.Sources.MySql;

/// <summary>A table or view of a chunk as <c>information_schema.TABLES</c> lists it.</summary>
internal sealed record MySqlTableRow
{
    public required string Schema { get; init; }
    public required string Name { get; init; }
    /// <summary><c>TABLE_TYPE</c>: BASE TABLE, VIEW, SYSTEM VERSIONED (MariaDB), ...</summary>
    public required string TableType { get; init; }
    /// <summary><c>ENGINE</c>; null for a view, or for a table the server cannot open (its reason is then the comment).</summary>
    public string? Engine { get; init; }
    public string? Collation { get; init; }
    /// <summary><c>TABLE_COMMENT</c>: the table's comment; for a view, <c>VIEW</c>, or the server's reason why it cannot be used.</summary>
    public string? Comment { get; init; }
    /// <summary><c>CREATE_OPTIONS</c> says <c>partitioned</c>: the table's partitions are worth a statement.</summary>
    public bool Partitioned { get; init; }
}

/// <summary>A column as <c>information_schema.COLUMNS</c> describes it.</summary>
internal sealed record MySqlColumnRow
{
    public required string Name { get; init; }
    public required int Ordinal { get; init; }
    public required bool Nullable { get; init; }
    /// <summary><c>DATA_TYPE</c>: the bare type name, e.g. <c>varchar</c>.</summary>
    public required string DataType { get; init; }
    /// <summary><c>COLUMN_TYPE</c>: the full spelling, e.g. <c>int(10) unsigned</c>, <c>enum('a','b')</c>.</summary>
    public required string ColumnType { get; init; }
    public long? CharacterLength { get; init; }
    public long? Precision { get; init; }
    public long? Scale { get; init; }
    public string? CharacterSet { get; init; }
    public string? Collation { get; init; }
    /// <summary><c>EXTRA</c>: auto_increment, VIRTUAL GENERATED, STORED GENERATED, on update ...</summary>
    public string? Extra { get; init; }
    public string? Comment { get; init; }
    public string? GenerationExpression { get; init; }
}

/// <summary>One column of a primary key, unique key or foreign key (<c>KEY_COLUMN_USAGE</c>), in key order.</summary>
internal sealed record MySqlKeyColumnRow
{
    public required string ConstraintName { get; init; }
    public required string Column { get; init; }
    public string? ReferencedSchema { get; init; }
    public string? ReferencedTable { get; init; }
    public string? ReferencedColumn { get; init; }

    public bool IsForeignKey => ReferencedTable is not null;
}

/// <summary>One column (or expression) of an index (<c>STATISTICS</c>), in index order.</summary>
internal sealed record MySqlIndexColumnRow
{
    public required string IndexName { get; init; }
    public required bool Unique { get; init; }
    /// <summary>The column, or null for a functional key part (MySQL 8: <see cref="Expression"/> holds it).</summary>
    public string? Column { get; init; }
    public string? Expression { get; init; }
    /// <summary>The indexed prefix length in characters (or bytes), when only a prefix is indexed.</summary>
    public long? SubPart { get; init; }
    /// <summary>A (ascending), D (descending) or null (not sorted: HASH, FULLTEXT).</summary>
    public string? Order { get; init; }
    /// <summary>BTREE, HASH, FULLTEXT, SPATIAL, RTREE.</summary>
    public required string IndexType { get; init; }
    public string? Comment { get; init; }
}

/// <summary>A CHECK constraint; <see cref="ColumnLevel"/> is MariaDB's LEVEL = 'Column' (the constraint's name is then its column's).</summary>
internal sealed record MySqlCheckRow(string Name, string Clause, bool ColumnLevel);

/// <summary>One partition (or subpartition) of a partitioned table (<c>PARTITIONS</c>), in partition order.</summary>
internal sealed record MySqlPartitionRow
{
    public required string Method { get; init; }
    public string? Expression { get; init; }
    public string? SubpartitionMethod { get; init; }
    public string? SubpartitionExpression { get; init; }
    public required string Name { get; init; }
    public string? SubpartitionName { get; init; }
}

/// <summary>A view's definition as <c>VIEWS</c> gives it (empty when the user may not see it).</summary>
internal sealed record MySqlViewRow(string? Definition, string? CheckOption, string? SecurityType);
