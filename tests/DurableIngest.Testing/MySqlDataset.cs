using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace DurableIngest.Testing;

/// <summary>
/// The standard many-table dataset of <see cref="PostgresDataset"/>, on MariaDB: N InnoDB tables over S schemas
/// (<c>s00</c>, <c>s01</c>, …), 20 columns of mixed types each, a primary key on every table, a foreign key to the
/// previous table on half, a secondary index on a third, a table comment and 3 column comments per table, and V views.
/// Built in multi-statement batches of 100 tables, one connection per core.
/// </summary>
public static class MySqlDataset
{
    private const int TablesPerBatch = 100;

    /// <summary>The dataset's schema names, in order.</summary>
    public static IReadOnlyList<string> SchemaNames(DatasetShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Enumerable.Range(0, shape.Schemas).Select(s => string.Create(CultureInfo.InvariantCulture, $"s{s:00}")).ToList();
    }

    /// <summary>Builds the dataset; <paramref name="log"/> (optional) gets progress lines and the build time.</summary>
    public static async Task BuildAsync(MariaDbServer server, DatasetShape shape, TextWriter? log, CancellationToken cancellationToken)
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
                var name = string.Create(CultureInfo.InvariantCulture, $"s{schema:00}");
                var first = schema * perSchema;
                var count = Math.Min(perSchema, shape.Tables - first);
                await server.CreateSchemaAsync(name, ct);
                for (var start = 0; start < count; start += TablesPerBatch)
                {
                    var sql = new StringBuilder();
                    for (var t = start; t < Math.Min(count, start + TablesPerBatch); t++)
                    {
                        AppendTable(sql, schema, t);
                    }

                    await server.ExecuteAsync(name, sql.ToString(), ct);
                    var done = Interlocked.Add(ref built, Math.Min(TablesPerBatch, count - start));
                    if (done % 2000 < TablesPerBatch)
                    {
                        log?.WriteLine($"  built {done:N0} tables ({stopwatch.Elapsed.TotalSeconds:F0} s)");
                    }
                }

                var views = new StringBuilder();
                for (var v = 0; v < Math.Min(shape.ViewsIn(schema), count); v++)
                {
                    views.Append(CultureInfo.InvariantCulture, $"CREATE VIEW v{v:00000} AS SELECT id, c03, c05 FROM t{v:00000} WHERE c07;\n");
                }

                if (views.Length > 0)
                {
                    await server.ExecuteAsync(name, views.ToString(), ct);
                }
            });
        log?.WriteLine($"Dataset: {shape.Tables:N0} tables, {shape.Views:N0} views in {shape.Schemas} schemas, built in {stopwatch.Elapsed.TotalSeconds:F1} s");
    }

    private static void AppendTable(StringBuilder sql, int schema, int table)
    {
        sql.Append(CultureInfo.InvariantCulture, $"""
            CREATE TABLE t{table:00000} (
              id BIGINT PRIMARY KEY COMMENT 'Surrogate key', c01 INT, c02 BIGINT NOT NULL, c03 TEXT COMMENT 'Free text', c04 VARCHAR(64),
              c05 DECIMAL(12,2), c06 DATETIME(6), c07 BOOLEAN, c08 JSON, c09 VARCHAR(255), c10 MEDIUMTEXT, c11 SMALLINT,
              c12 VARCHAR(255), c13 DECIMAL(18,6), c14 DATETIME NOT NULL COMMENT 'When it happened', c15 BOOLEAN, c16 JSON,
              c17 BIGINT UNSIGNED, c18 TEXT, c19 DATE
            """);
        if (table % 2 == 1)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n  CONSTRAINT t{table:00000}_parent_fk FOREIGN KEY (c02) REFERENCES t{table - 1:00000} (id)");
        }

        if (table % 3 == 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n  INDEX t{table:00000}_c06_idx (c06)");
        }

        sql.Append(CultureInfo.InvariantCulture, $") ENGINE=InnoDB COMMENT 'Table {table} of schema {schema}';\n");
    }
}
