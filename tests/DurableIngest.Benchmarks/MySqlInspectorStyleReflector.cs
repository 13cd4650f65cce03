using System.Text.Json;
using MySqlConnector;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Baseline (b) of the <c>mysql</c> benchmark: reflects a MariaDB/MySQL server the way an SQLAlchemy-inspector-style
/// connector does, on one connection: list schemas, then tables and views per schema, then for every table separate
/// statements for its columns, primary key, foreign keys, indexes and comment (and a view's definition). Each result
/// is serialised to JSON and dropped, so (b) does a little less work than (a), which writes files.
/// </summary>
internal static class MySqlInspectorStyleReflector
{
    /// <summary>The environment variable the password comes from (so it is on no command line).</summary>
    public const string PasswordVariable = "DI_BENCH_MYSQL_PASSWORD";

    private const string Where = "WHERE table_schema = @schema AND table_name = @name";

    public static async Task<int> RunAsync(string connectionString, CancellationToken cancellationToken)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString) { Password = Environment.GetEnvironmentVariable(PasswordVariable) ?? string.Empty };
        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var tables = 0;
        var schemas = await RowsAsync(connection, """
            SELECT schema_name FROM information_schema.schemata
            WHERE schema_name NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys') ORDER BY schema_name
            """, null, null, cancellationToken);
        foreach (var schema in schemas.Select(r => (string)r[0]!))
        {
            var names = await RowsAsync(connection, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name", schema, null, cancellationToken);
            foreach (var row in names)
            {
                var name = (string)row[0]!;
                var isView = (string)row[1]! == "VIEW";
                var reflected = new Dictionary<string, object?>
                {
                    ["schema"] = schema,
                    ["name"] = name,
                    ["columns"] = await RowsAsync(connection, $"""
                        SELECT column_name, column_type, data_type, is_nullable, column_default, character_maximum_length,
                               numeric_precision, numeric_scale, column_key, extra, column_comment, generation_expression
                        FROM information_schema.columns {Where} ORDER BY ordinal_position
                        """, schema, name, cancellationToken),
                    ["primaryKey"] = await RowsAsync(connection, $"""
                        SELECT column_name FROM information_schema.key_column_usage
                        {Where} AND constraint_name = 'PRIMARY' ORDER BY ordinal_position
                        """, schema, name, cancellationToken),
                    ["foreignKeys"] = await RowsAsync(connection, """
                        SELECT k.constraint_name, k.column_name, k.referenced_table_schema, k.referenced_table_name,
                               k.referenced_column_name, r.update_rule, r.delete_rule
                        FROM information_schema.key_column_usage k
                        JOIN information_schema.referential_constraints r
                          ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name
                        WHERE k.table_schema = @schema AND k.table_name = @name AND k.referenced_table_name IS NOT NULL
                          AND r.constraint_schema = @schema AND r.table_name = @name
                        ORDER BY k.constraint_name, k.ordinal_position
                        """, schema, name, cancellationToken),
                    ["indexes"] = await RowsAsync(connection, $"""
                        SELECT index_name, non_unique, seq_in_index, column_name, sub_part, index_type, index_comment
                        FROM information_schema.statistics {Where} ORDER BY index_name, seq_in_index
                        """, schema, name, cancellationToken),
                    ["comment"] = await RowsAsync(connection, $"SELECT table_comment FROM information_schema.tables {Where}", schema, name, cancellationToken),
                };
                if (isView)
                {
                    reflected["definition"] = await RowsAsync(connection, $"SELECT view_definition FROM information_schema.views {Where}", schema, name, cancellationToken);
                }

                _ = JsonSerializer.SerializeToUtf8Bytes(reflected);
                tables++;
            }
        }

        return tables;
    }

    private static async Task<List<object?[]>> RowsAsync(MySqlConnection connection, string sql, string? schema, string? name, CancellationToken cancellationToken)
    {
        await using var command = new MySqlCommand(sql, connection) { CommandTimeout = 0 };
        if (schema is not null)
        {
            command.Parameters.AddWithValue("@schema", schema);
        }

        if (name is not null)
        {
            command.Parameters.AddWithValue("@name", name);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                var value = reader.GetValue(i);
                values[i] = value is DBNull ? null : value;
            }

            rows.Add(values);
        }

        return rows;
    }
}
