using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// The catalog queries. A chunk's metadata comes from four commands whatever the chunk's size: each joins
/// <c>sqlite_schema</c> with SQLite's table-valued pragma functions, restricted to the chunk's names, which travel
/// as one JSON array parameter read with <c>json_each</c> (no SQL is ever built from a name).
/// </summary>
internal static class SqliteMetadataQueries
{
    private const string ChunkNames = "SELECT value FROM json_each($names)";

    public const string Discover = """
        SELECT name, type
        FROM sqlite_schema
        WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
        """;

    private const string Objects = $"""
        SELECT name, type, sql
        FROM sqlite_schema
        WHERE type IN ('table', 'view') AND name IN ({ChunkNames})
        """;

    // hidden = 1 marks a virtual table's hidden column; 2 and 3 are generated columns, which are real columns.
    private const string Columns = $"""
        SELECT s.name, c.name, c.type, c."notnull", c.pk
        FROM sqlite_schema AS s
        JOIN pragma_table_xinfo(s.name) AS c
        WHERE s.type IN ('table', 'view') AND s.name IN ({ChunkNames}) AND c.hidden <> 1
        ORDER BY s.name, c.cid
        """;

    // REFERENCES keeps the parent's names as the DDL spelled them (any case) and leaves "to" NULL when the key
    // refers to the parent's primary key implicitly; both are resolved against the parent's real definition.
    private const string ForeignKeys = $"""
        SELECT s.name, f.id, f.seq, f."from", coalesce(p.name, f."table"), coalesce(pc.name, f."to")
        FROM sqlite_schema AS s
        JOIN pragma_foreign_key_list(s.name) AS f
        LEFT JOIN sqlite_schema AS p ON p.type IN ('table', 'view') AND p.name = f."table" COLLATE NOCASE
        LEFT JOIN pragma_table_info(coalesce(p.name, f."table")) AS pc
            ON (f."to" IS NULL AND pc.pk = f.seq + 1) OR (f."to" IS NOT NULL AND pc.name = f."to" COLLATE NOCASE)
        WHERE s.type = 'table' AND s.name IN ({ChunkNames})
        ORDER BY s.name, f.id, f.seq
        """;

    private const string Indexes = $"""
        SELECT s.name, il.name, il."unique", il.origin, ii.seqno, ii.name, x.sql
        FROM sqlite_schema AS s
        JOIN pragma_index_list(s.name) AS il
        JOIN pragma_index_info(il.name) AS ii
        LEFT JOIN sqlite_schema AS x ON x.type = 'index' AND x.name = il.name
        WHERE s.type = 'table' AND s.name IN ({ChunkNames})
        ORDER BY s.name, il.name, ii.seqno
        """;

    /// <summary>Runs the four chunk queries inside one read transaction, so they see one consistent schema.</summary>
    public static async Task<SqliteMetadataRows> ReadAsync(SqliteConnection connection, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(names, SqliteJsonContext.Default.IReadOnlyListString);
        // Deferred: a plain BEGIN takes only a shared (read) lock; the connection is read-only anyway.
        await using var transaction = connection.BeginTransaction(deferred: true);
        var objects = await QueryAsync(connection, Objects, json, r => new SqliteObjectRow(r.GetString(0), r.GetString(1), NullableString(r, 2)), cancellationToken);
        var columns = await QueryAsync(
            connection,
            Columns,
            json,
            r => new SqliteColumnRow(r.GetString(0), r.GetString(1), NullableString(r, 2), r.GetInt64(3) != 0, r.GetInt32(4)),
            cancellationToken);
        var foreignKeys = await QueryAsync(
            connection,
            ForeignKeys,
            json,
            r => new SqliteForeignKeyRow(r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetString(3), r.GetString(4), NullableString(r, 5)),
            cancellationToken);
        var indexes = await QueryAsync(
            connection,
            Indexes,
            json,
            r => new SqliteIndexRow(r.GetString(0), r.GetString(1), r.GetInt64(2) != 0, r.GetString(3), r.GetInt32(4), NullableString(r, 5), NullableString(r, 6)),
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SqliteMetadataRows(
            objects,
            columns.ToLookup(c => c.Table, StringComparer.Ordinal),
            foreignKeys.ToLookup(f => f.Table, StringComparer.Ordinal),
            indexes.ToLookup(i => i.Table, StringComparer.Ordinal));
    }

    public static async Task<List<T>> QueryAsync<T>(
        SqliteConnection connection, string sql, string? namesJson, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (namesJson is not null)
        {
            command.Parameters.AddWithValue("$names", namesJson);
        }

        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
