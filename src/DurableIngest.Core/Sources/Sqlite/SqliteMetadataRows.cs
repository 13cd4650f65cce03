namespace DurableIngest.Sources.Sqlite;

/// <summary>A table or view as <c>sqlite_schema</c> lists it.</summary>
internal sealed record SqliteObjectRow(string Name, string Type, string? Sql);

/// <summary>A column from <c>pragma_table_xinfo</c>; <see cref="PrimaryKeyPosition"/> is 1-based, 0 when not in the key.</summary>
internal sealed record SqliteColumnRow(string Table, string Name, string? DeclaredType, bool NotNull, int PrimaryKeyPosition);

/// <summary>One column pair of a foreign key from <c>pragma_foreign_key_list</c>, with the referred names resolved.</summary>
internal sealed record SqliteForeignKeyRow(string Table, int Id, int Sequence, string Column, string ReferredTable, string? ReferredColumn);

/// <summary>One column of an index from <c>pragma_index_list</c> and <c>pragma_index_info</c>; a null column is an expression.</summary>
internal sealed record SqliteIndexRow(string Table, string Index, bool Unique, string Origin, int Sequence, string? Column, string? Sql);

/// <summary>Everything the batched queries returned for one chunk.</summary>
internal sealed record SqliteMetadataRows(
    IReadOnlyList<SqliteObjectRow> Objects,
    ILookup<string, SqliteColumnRow> Columns,
    ILookup<string, SqliteForeignKeyRow> ForeignKeys,
    ILookup<string, SqliteIndexRow> Indexes);
