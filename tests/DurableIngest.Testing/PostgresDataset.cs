using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;

namespace DurableIngest.Testing;

/// <summary>
/// The standard many-table dataset (benchmarks and large-scale tests): N tables over S schemas, 20 columns of mixed
/// types each, a primary key on every table, a foreign key to the previous table on half, a secondary index on a third,
/// a table comment and 3 column comments per table, and V views. Built in multi-statement batches of 100 tables, one
/// connection per core, into an existing empty database.
/// </summary>
public static class PostgresDataset
{
    private const int TablesPerBatch = 100;

    /// <summary>Builds the dataset; <paramref name="log"/> (optional) gets progress lines and the build time.</summary>
    public static async Task BuildAsync(PostgresServer server, string database, DatasetShape shape, TextWriter? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(shape);
        var stopwatch = Stopwatch.StartNew();
        var perSchema = (shape.Tables + shape.Schemas - 1) / shape.Schemas;
        var built = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, shape.Schemas),
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (schema, ct) =>
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString(database));
                await connection.OpenAsync(ct);
                var first = schema * perSchema;
                var count = Math.Min(perSchema, shape.Tables - first);
                await ExecuteAsync(connection, $"CREATE SCHEMA s{schema:00};", ct);
                for (var start = 0; start < count; start += TablesPerBatch)
                {
                    var sql = new StringBuilder();
                    for (var t = start; t < Math.Min(count, start + TablesPerBatch); t++)
                    {
                        AppendTable(sql, schema, t);
                    }

                    await ExecuteAsync(connection, sql.ToString(), ct);
                    var done = Interlocked.Add(ref built, Math.Min(TablesPerBatch, count - start));
                    if (done % 5000 < TablesPerBatch)
                    {
                        log?.WriteLine($"  built {done:N0} tables ({stopwatch.Elapsed.TotalSeconds:F0} s)");
                    }
                }

                var views = new StringBuilder();
                for (var v = 0; v < Math.Min(shape.ViewsIn(schema), count); v++)
                {
                    views.Append(CultureInfo.InvariantCulture, $"CREATE VIEW s{schema:00}.v{v:00000} AS SELECT id, c03, c05 FROM s{schema:00}.t{v:00000} WHERE c07;\n");
                }

                if (views.Length > 0)
                {
                    await ExecuteAsync(connection, views.ToString(), ct);
                }
            });
        await using (var connection = new NpgsqlConnection(server.ConnectionString(database)))
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "ANALYZE;", cancellationToken);
        }

        log?.WriteLine($"Dataset: {shape.Tables:N0} tables, {shape.Views:N0} views in {shape.Schemas} schemas, built in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static void AppendTable(StringBuilder sql, int schema, int table)
    {
        var name = $"s{schema:00}.t{table:00000}";
        sql.Append(CultureInfo.InvariantCulture, $"""
            CREATE TABLE {name} (
              id bigint PRIMARY KEY, c01 integer, c02 bigint NOT NULL, c03 text, c04 varchar(64), c05 numeric(12,2),
              c06 timestamptz, c07 boolean, c08 jsonb, c09 integer[], c10 text[], c11 smallint, c12 varchar(255),
              c13 numeric(18,6), c14 timestamptz NOT NULL, c15 boolean, c16 jsonb, c17 bigint[], c18 text, c19 date
            """);
        if (table % 2 == 1)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n  CONSTRAINT t{table:00000}_parent_fk FOREIGN KEY (c02) REFERENCES s{schema:00}.t{table - 1:00000} (id)");
        }

        sql.Append(");\n");
        if (table % 3 == 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX t{table:00000}_c06_idx ON {name} (c06);\n");
        }

        sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON TABLE {name} IS 'Table {table} of schema {schema}';\n");
        sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {name}.id IS 'Surrogate key';\n");
        sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {name}.c03 IS 'Free text';\n");
        sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {name}.c14 IS 'When it happened';\n");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
