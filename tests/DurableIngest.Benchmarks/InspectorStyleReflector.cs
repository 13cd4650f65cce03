using System.Text.Json;
using Npgsql;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Baseline (b): reflects a database the way SQLAlchemy's inspector does for OpenMetadata's connector, on one
/// connection: list schemas, then tables and views per schema, then for every table separate statements in the
/// order of <see cref="ReflectorStyle"/> (and a view's definition). Each result is serialised to JSON and dropped, so
/// (b) does a little less work than (a), which writes files. The statements read what the inspector's read; their
/// text is ours.
/// </summary>
internal static class InspectorStyleReflector
{
    public static async Task<int> RunAsync(string connectionString, ReflectorStyle style, CancellationToken cancellationToken)
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
                    var reflected = await ReflectAsync(connection, schema, name, isView, style, cancellationToken);
                    _ = JsonSerializer.SerializeToUtf8Bytes(reflected);
                    tables++;
                }
            }
        }

        return tables;
    }

    private static async Task<Dictionary<string, object?>> ReflectAsync(NpgsqlConnection connection, string schema, string name, bool isView, ReflectorStyle style, CancellationToken cancellationToken)
    {
        var oid = await ScalarAsync<uint>(connection, """
            SELECT c.oid FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname = @name AND n.nspname = @schema AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, cancellationToken, ("schema", schema), ("name", name));
        var openMetadata = style == ReflectorStyle.OpenMetadata;
        var result = new Dictionary<string, object?> { ["schema"] = schema, ["name"] = name };
        if (openMetadata)
        {
            result["uniqueConstraints"] = await RowsAsync(connection, """
                SELECT con.conname, con.conkey, a.attnum, a.attname FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)
                WHERE con.conrelid = @oid AND con.contype = 'u'
                """, oid, cancellationToken);
        }

        result["foreignKeys"] = await RowsAsync(connection, """
            SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true), n.nspname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_constraint r ON c.oid = r.conrelid AND r.contype = 'f'
            LEFT JOIN pg_catalog.pg_class cr ON cr.oid = r.confrelid LEFT JOIN pg_catalog.pg_namespace n ON n.oid = cr.relnamespace
            WHERE c.oid = @oid ORDER BY 1
            """, oid, cancellationToken);
        if (openMetadata)
        {
            result["primaryKey"] = await RowsAsync(connection, """
                SELECT a.attname FROM pg_catalog.pg_attribute a
                JOIN (SELECT unnest(ix.indkey) AS attnum, generate_subscripts(ix.indkey, 1) AS position
                      FROM pg_catalog.pg_index ix WHERE ix.indrelid = @oid AND ix.indisprimary) k ON a.attnum = k.attnum
                WHERE a.attrelid = @oid ORDER BY k.position
                """, oid, cancellationToken);
            result["primaryKeyName"] = await RowsAsync(connection, "SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = @oid AND contype = 'p' ORDER BY 1", oid, cancellationToken);
        }
        else
        {
            result["primaryKey"] = await RowsAsync(connection, """
                SELECT a.attname, con.conname FROM pg_catalog.pg_constraint con
                JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY(con.conkey)
                WHERE con.conrelid = @oid AND con.contype = 'p'
                """, oid, cancellationToken);
        }

        result["columns"] = await RowsAsync(connection, openMetadata ? ColumnsWithIdentitySql : ColumnsSql, oid, cancellationToken);
        if (openMetadata)
        {
            result["domains"] = await RowsAsync(connection, """
                SELECT t.typname, pg_catalog.format_type(t.typbasetype, t.typtypmod), NOT t.typnotnull, t.typdefault,
                       pg_catalog.pg_type_is_visible(t.oid), n.nspname
                FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                WHERE t.typtype = 'd'
                """, null, cancellationToken);
            result["enums"] = await RowsAsync(connection, """
                SELECT t.typname, pg_catalog.pg_type_is_visible(t.oid), n.nspname, e.enumlabel
                FROM pg_catalog.pg_type t LEFT JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
                LEFT JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid
                WHERE t.typtype = 'e' ORDER BY n.nspname, t.typname, e.oid
                """, null, cancellationToken);
        }

        result["indexes"] = await RowsAsync(connection, """
            SELECT i.relname, ix.indisunique, ix.indkey::text, a.attname, pg_catalog.pg_get_indexdef(ix.indexrelid)
            FROM pg_catalog.pg_class t JOIN pg_catalog.pg_index ix ON t.oid = ix.indrelid
            JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid
            LEFT JOIN pg_catalog.pg_attribute a ON t.oid = a.attrelid AND a.attnum = ANY(ix.indkey)
            WHERE t.oid = @oid AND ix.indisprimary = false ORDER BY i.relname
            """, oid, cancellationToken);
        result["comment"] = await RowsAsync(connection, "SELECT pg_catalog.obj_description(@oid, 'pg_class')", oid, cancellationToken);
        if (openMetadata)
        {
            result["partitioning"] = await RowsAsync(connection, """
                SELECT n.nspname, c.relname,
                       CASE p.partstrat WHEN 'l' THEN 'list' WHEN 'r' THEN 'range' WHEN 'h' THEN 'hash' END, col.column_name
                FROM (SELECT partrelid, partstrat, unnest(partattrs) AS attnum FROM pg_catalog.pg_partitioned_table) p
                JOIN pg_catalog.pg_class c ON c.oid = p.partrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN information_schema.columns col
                  ON col.table_schema = n.nspname AND col.table_name = c.relname AND col.ordinal_position = p.attnum
                WHERE n.nspname = @schema AND c.relname = @name
                """, null, cancellationToken, ("schema", schema), ("name", name));
        }

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

    private const string ColumnsSql = """
        SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
               (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
                WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
               a.attnotnull, a.attnum, pg_catalog.col_description(a.attrelid, a.attnum), a.attidentity
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = @oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    // The columns as OpenMetadata's get_columns reads them: defaults, comments, generated columns and identity options.
    private const string ColumnsWithIdentitySql = """
        SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
               (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
                WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef),
               a.attnotnull, a.attrelid, pgd.description, a.attgenerated,
               (SELECT json_build_object('always', a.attidentity = 'a', 'start', s.seqstart, 'increment', s.seqincrement,
                                         'minvalue', s.seqmin, 'maxvalue', s.seqmax, 'cache', s.seqcache, 'cycle', s.seqcycle)
                FROM pg_catalog.pg_sequence s JOIN pg_catalog.pg_class c ON s.seqrelid = c.oid
                WHERE c.relkind = 'S' AND a.attidentity <> ''
                  AND s.seqrelid = pg_catalog.pg_get_serial_sequence(a.attrelid::regclass::text, a.attname)::regclass::oid)
        FROM pg_catalog.pg_attribute a
        LEFT JOIN pg_catalog.pg_description pgd ON pgd.objoid = a.attrelid AND pgd.objsubid = a.attnum
        WHERE a.attrelid = @oid AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attnum
        """;

    private static async Task<List<object?[]>> RowsAsync(NpgsqlConnection connection, string sql, uint? oid, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (oid is { } relation)
        {
            command.Parameters.Add(new NpgsqlParameter("oid", NpgsqlTypes.NpgsqlDbType.Oid) { Value = relation });
        }

        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

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
