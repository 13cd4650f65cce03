using System.Text.Json;
using Npgsql;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Baseline (b): reflects a database the way SQLAlchemy's inspector does for OpenMetadata's connector, on one
/// connection: list schemas, then tables and views per schema, then for every table separate queries for its OID,
/// columns, primary key, foreign keys, indexes and comment (and a view's definition). Each result is serialised to JSON
/// and dropped, so (b) does a little less work than (a), which writes files.
/// </summary>
internal static class InspectorStyleReflector
{
    public static async Task<int> RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        await using var dataSource = builder.Build();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var tables = 0;
        foreach (var schema in await ListAsync(connection, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname", null, cancellationToken))
        {
            foreach (var (relkind, isView) in new[] { ("'r', 'p'", false), ("'v', 'm'", true) })
            {
                var names = await ListAsync(connection, $"SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = @schema AND c.relkind IN ({relkind}) ORDER BY c.relname", schema, cancellationToken);
                foreach (var name in names)
                {
                    var reflected = await ReflectAsync(connection, schema, name, isView, cancellationToken);
                    _ = JsonSerializer.SerializeToUtf8Bytes(reflected);
                    tables++;
                }
            }
        }

        return tables;
    }

    private static async Task<Dictionary<string, object?>> ReflectAsync(NpgsqlConnection connection, string schema, string name, bool isView, CancellationToken cancellationToken)
    {
        var oid = await ScalarAsync<uint>(connection, """
            SELECT c.oid FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = @name AND n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, cancellationToken, ("schema", schema), ("name", name));
        var result = new Dictionary<string, object?>
        {
            ["schema"] = schema,
            ["name"] = name,
            ["columns"] = await RowsAsync(connection, """
                SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                       (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
                        WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
                       a.attnotnull, a.attnum, pg_catalog.col_description(a.attrelid, a.attnum), a.attidentity
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid = @oid AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attnum
                """, oid, cancellationToken),
            ["primaryKey"] = await RowsAsync(connection, """
                SELECT a.attname, con.conname FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)
                WHERE con.conrelid = @oid AND con.contype = 'p'
                """, oid, cancellationToken),
            ["foreignKeys"] = await RowsAsync(connection, """
                SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true), n.nspname
                FROM pg_catalog.pg_class c JOIN pg_catalog.pg_constraint r ON c.oid = r.conrelid AND r.contype = 'f'
                LEFT JOIN pg_catalog.pg_class cr ON cr.oid = r.confrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = cr.relnamespace
                WHERE c.oid = @oid ORDER BY 1
                """, oid, cancellationToken),
            ["indexes"] = await RowsAsync(connection, """
                SELECT i.relname, ix.indisunique, ix.indkey::text, a.attname, pg_catalog.pg_get_indexdef(ix.indexrelid)
                FROM pg_catalog.pg_class t JOIN pg_catalog.pg_index ix ON t.oid = ix.indrelid
                JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
                LEFT JOIN pg_catalog.pg_attribute a ON t.oid = a.attrelid AND a.attnum = ANY(ix.indkey)
                WHERE t.oid = @oid AND ix.indisprimary = false ORDER BY i.relname
                """, oid, cancellationToken),
            ["comment"] = await RowsAsync(connection, "SELECT pg_catalog.obj_description(@oid, 'pg_class')", oid, cancellationToken),
        };
        if (isView)
        {
            result["definition"] = await RowsAsync(connection, "SELECT pg_catalog.pg_get_viewdef(@oid)", oid, cancellationToken);
        }

        return result;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection connection, string sql, string? schema, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (schema is not null)
        {
            command.Parameters.AddWithValue("schema", schema);
        }

        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<List<object?[]>> RowsAsync(NpgsqlConnection connection, string sql, uint oid, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter("oid", NpgsqlTypes.NpgsqlDbType.Oid) { Value = oid });
        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i)?.ToString();
            }

            rows.Add(row);
        }

        return rows;
    }
}
