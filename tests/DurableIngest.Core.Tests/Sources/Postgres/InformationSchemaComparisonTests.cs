using System.Globalization;
using System.Text;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Testing;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

/// <summary>
/// Proof that an ingest matches the server, table for table and column for column: a mixed database of a few hundred
/// tables is ingested, then read again independently through information_schema (and the catalog functions it lacks
/// equivalents for), and the two readings are compared.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class InformationSchemaComparisonTests
{
    private static readonly string[] TypePool =
    [
        "integer", "bigint", "smallint", "text", "varchar(40)", "character(3)", "numeric(12,3)", "numeric", "timestamptz",
        "timestamp", "date", "time", "boolean", "jsonb", "json", "uuid", "integer[]", "text[]", "bytea", "inet",
        "interval", "double precision", "real", "mix.status", "mix.\"Tél\"", "varchar(255)[]",
    ];

    private static readonly Dictionary<string, DataType> InformationSchemaTypes = new(StringComparer.Ordinal)
    {
        ["integer"] = DataType.INT, ["bigint"] = DataType.BIGINT, ["smallint"] = DataType.SMALLINT, ["text"] = DataType.TEXT,
        ["character varying"] = DataType.VARCHAR, ["character"] = DataType.CHAR, ["numeric"] = DataType.NUMERIC,
        ["timestamp with time zone"] = DataType.TIMESTAMPZ, ["timestamp without time zone"] = DataType.TIMESTAMP,
        ["date"] = DataType.DATE, ["time without time zone"] = DataType.TIME, ["boolean"] = DataType.BOOLEAN,
        ["jsonb"] = DataType.JSON, ["json"] = DataType.JSON, ["uuid"] = DataType.UUID, ["ARRAY"] = DataType.ARRAY,
        ["bytea"] = DataType.BYTEA, ["inet"] = DataType.INET, ["interval"] = DataType.INTERVAL,
        ["double precision"] = DataType.DOUBLE, ["real"] = DataType.FLOAT,
    };

    private readonly PostgresServerFixture _server;

    public InformationSchemaComparisonTests(PostgresServerFixture server) => _server = server;

    [Fact]
    public async Task Ingest_MixedDatabase_MatchesInformationSchemaTableForTableColumnForColumn()
    {
        var database = await _server.CreateDatabaseAsync("compare");
        await _server.Server.ExecuteAsync(database, MixedDatabaseSql(tablesPerSchema: 100));
        var (discovery, results) = await SourceHarness.RunAsync(PostgresHarness.Workflow(_server.Server, database), chunkSize: 64);
        var ingested = results.ToDictionary(r => (r.Entity.Schema, r.Entity.Name), r => r.Table ?? throw new InvalidOperationException(r.Failure!.Message));

        await using var connection = new NpgsqlConnection(_server.Server.ConnectionString(database));
        await connection.OpenAsync();
        var expectedTables = await ExpectedRelationsAsync(connection);
        Assert.Equal(expectedTables.Keys.Order(), ingested.Keys.Order());
        Assert.True(expectedTables.Count > 300, $"only {expectedTables.Count} relations");

        await CompareColumnsAsync(connection, ingested);
        await CompareKeysAsync(connection, ingested, database);
        await CompareViewsAsync(connection, ingested, expectedTables);
        await ComparePartitionsAsync(connection, ingested);
        await CompareIndexesAsync(connection, ingested);
        Assert.All(ingested, pair => Assert.Equal(expectedTables[pair.Key].Description, pair.Value.Description));
        Assert.Equal(["Mix Three", "mix", "mix.two"], discovery.Schemas.Select(s => s.Schema).Where(s => s != "public").Order(StringComparer.Ordinal));
    }

    private static async Task<Dictionary<(string, string), (TableType Type, string? Description)>> ExpectedRelationsAsync(NpgsqlConnection connection)
    {
        var relations = new Dictionary<(string, string), (TableType, string?)>();
        await foreach (var row in QueryAsync(connection, """
            SELECT t.table_schema, t.table_name, t.table_type, obj_description(format('%I.%I', t.table_schema, t.table_name)::regclass, 'pg_class'),
                   EXISTS (SELECT 1 FROM pg_partitioned_table p WHERE p.partrelid = format('%I.%I', t.table_schema, t.table_name)::regclass),
                   EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = format('%I.%I', t.table_schema, t.table_name)::regclass)
            FROM information_schema.tables t WHERE t.table_schema NOT IN ('pg_catalog', 'information_schema')
            UNION ALL
            SELECT schemaname, matviewname, 'MATERIALIZED VIEW', obj_description(format('%I.%I', schemaname, matviewname)::regclass, 'pg_class'), false, false
            FROM pg_matviews
            """))
        {
            if ((bool)row[5]!)
            {
                continue; // a partition: folded into its parent
            }

            var type = (string)row[2]! switch
            {
                "VIEW" => TableType.View,
                "MATERIALIZED VIEW" => TableType.MaterializedView,
                "FOREIGN" => TableType.Foreign,
                _ when (bool)row[4]! => TableType.Partitioned,
                _ => TableType.Regular,
            };
            relations[((string)row[0]!, (string)row[1]!)] = (type, (string?)row[3]);
        }

        return relations;
    }

    private static async Task CompareColumnsAsync(NpgsqlConnection connection, Dictionary<(string, string), TableMetadata> ingested)
    {
        var expected = new Dictionary<(string, string), List<object?[]>>();
        await foreach (var row in QueryAsync(connection, """
            SELECT c.table_schema, c.table_name, c.column_name, c.ordinal_position, c.is_nullable, c.data_type, c.character_maximum_length,
                   c.numeric_precision, c.numeric_scale, c.domain_name,
                   format_type(a.atttypid, a.atttypmod), col_description(a.attrelid, a.attnum), t.typtype::text
            FROM information_schema.columns c
            JOIN pg_attribute a ON a.attrelid = format('%I.%I', c.table_schema, c.table_name)::regclass AND a.attname = c.column_name
            JOIN pg_type t ON t.oid = a.atttypid
            WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY c.table_schema, c.table_name, c.ordinal_position
            """))
        {
            var key = ((string)row[0]!, (string)row[1]!);
            if (ingested.ContainsKey(key))
            {
                if (!expected.TryGetValue(key, out var list))
                {
                    expected[key] = list = [];
                }

                list.Add(row);
            }
        }

        var columnsCompared = 0;
        foreach (var (key, table) in ingested)
        {
            if (!expected.TryGetValue(key, out var rows))
            {
                // information_schema does not list materialized views' columns.
                Assert.Equal(TableType.MaterializedView, table.TableType);
                continue;
            }

            Assert.Equal(rows.Select(r => (string)r[2]!), table.Columns.Select(c => c.Name));
            foreach (var (row, column) in rows.Zip(table.Columns))
            {
                var where = $"{key}.{column.Name}";
                Assert.True(Convert.ToInt32(row[3], CultureInfo.InvariantCulture) == column.OrdinalPosition, where);
                Assert.True((string)row[10]! == column.DataTypeDisplay, $"{where}: {row[10]} vs {column.DataTypeDisplay}");
                Assert.True((string?)row[11] == column.Description, where);
                Assert.True(((string)row[4]! == "NO") == (column.Constraint is ColumnConstraint.NotNull or ColumnConstraint.PrimaryKey)
                    || column.Constraint == ColumnConstraint.Unique, $"{where}: nullability");
                var dataType = (string)row[5]!;
                var expectedType = (string)row[12]! == "e" ? DataType.ENUM : InformationSchemaTypes[dataType];
                Assert.True(expectedType == column.DataType, $"{where}: {dataType} vs {column.DataType}");
                if (dataType is "character varying" or "character")
                {
                    Assert.True(Convert.ToInt32(row[6], CultureInfo.InvariantCulture) == column.DataLength, $"{where}: length");
                }

                if (dataType == "numeric")
                {
                    Assert.True((row[7] is null ? null : Convert.ToInt32(row[7], CultureInfo.InvariantCulture)) == column.Precision, $"{where}: precision");
                    Assert.True((row[8] is null ? null : Convert.ToInt32(row[8], CultureInfo.InvariantCulture)) == column.Scale, $"{where}: scale");
                }

                columnsCompared++;
            }
        }

        Assert.True(columnsCompared > 2000, $"only {columnsCompared} columns compared");
    }

    private static async Task CompareKeysAsync(NpgsqlConnection connection, Dictionary<(string, string), TableMetadata> ingested, string database)
    {
        // (schema, table, constraint) -> ordered columns; FK -> ordered referenced columns via position_in_unique_constraint.
        var keys = new Dictionary<(string Schema, string Table, string Name), (string Type, List<string> Columns, List<string> Referenced)>();
        await foreach (var row in QueryAsync(connection, """
            SELECT tc.table_schema, tc.table_name, tc.constraint_name, tc.constraint_type, k.column_name,
                   ru.table_schema, ru.table_name, ru.column_name
            FROM information_schema.table_constraints tc
            JOIN information_schema.key_column_usage k ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
                 AND k.table_schema = tc.table_schema AND k.table_name = tc.table_name
            LEFT JOIN information_schema.referential_constraints rc ON rc.constraint_schema = tc.constraint_schema AND rc.constraint_name = tc.constraint_name
            LEFT JOIN information_schema.key_column_usage ru ON ru.constraint_schema = rc.unique_constraint_schema AND ru.constraint_name = rc.unique_constraint_name
                 AND ru.ordinal_position = k.position_in_unique_constraint
            WHERE tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY') AND tc.table_schema NOT IN ('pg_catalog', 'information_schema')
            ORDER BY tc.table_schema, tc.table_name, tc.constraint_name, k.ordinal_position
            """))
        {
            var key = ((string)row[0]!, (string)row[1]!, (string)row[2]!);
            if (!keys.TryGetValue(key, out var entry))
            {
                keys[key] = entry = ((string)row[3]!, [], []);
            }

            entry.Columns.Add((string)row[4]!);
            if (row[7] is string referenced)
            {
                entry.Referenced.Add(Fqn.Join(PostgresHarness.Service, database, (string)row[5]!, (string)row[6]!, referenced));
            }
        }

        var foreignKeys = 0;
        foreach (var ((schema, table), metadata) in ingested)
        {
            var expected = keys.Where(k => k.Key.Schema == schema && k.Key.Table == table).Select(k => k.Value).ToList();
            foreach (var (type, columns, referenced) in expected)
            {
                if (type == "FOREIGN KEY")
                {
                    foreignKeys++;
                    Assert.Contains(metadata.TableConstraints, c => c.ConstraintType == ConstraintType.ForeignKey
                        && c.Columns.SequenceEqual(columns) && c.ReferredColumns!.SequenceEqual(referenced));
                }
                else if (columns.Count == 1)
                {
                    var constraint = metadata.Columns.Single(c => c.Name == columns[0]).Constraint;
                    Assert.True(constraint == (type == "PRIMARY KEY" ? ColumnConstraint.PrimaryKey : ColumnConstraint.Unique)
                        || (type == "UNIQUE" && constraint == ColumnConstraint.PrimaryKey), $"{schema}.{table}.{columns[0]}: {constraint}");
                }
                else
                {
                    var constraintType = type == "PRIMARY KEY" ? ConstraintType.PrimaryKey : ConstraintType.Unique;
                    Assert.Contains(metadata.TableConstraints, c => c.ConstraintType == constraintType && c.Columns.SequenceEqual(columns));
                }
            }

            Assert.Equal(expected.Count(e => e.Type == "FOREIGN KEY" || e.Columns.Count > 1), metadata.TableConstraints.Count);
        }

        Assert.True(foreignKeys > 100, $"only {foreignKeys} foreign keys");
    }

    private static async Task CompareViewsAsync(
        NpgsqlConnection connection, Dictionary<(string, string), TableMetadata> ingested, Dictionary<(string, string), (TableType Type, string? Description)> expected)
    {
        var definitions = new Dictionary<(string, string), string>();
        await foreach (var row in QueryAsync(connection, """
            SELECT table_schema, table_name, view_definition FROM information_schema.views WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            UNION ALL SELECT schemaname, matviewname, definition FROM pg_matviews
            """))
        {
            definitions[((string)row[0]!, (string)row[1]!)] = (string)row[2]!;
        }

        foreach (var (key, table) in ingested)
        {
            Assert.Equal(expected[key].Type, table.TableType);
            Assert.Equal(definitions.GetValueOrDefault(key), table.SchemaDefinition);
        }

        Assert.True(definitions.Count >= 25);
    }

    private static async Task ComparePartitionsAsync(NpgsqlConnection connection, Dictionary<(string, string), TableMetadata> ingested)
    {
        var partitioned = 0;
        await foreach (var row in QueryAsync(connection, """
            SELECT n.nspname, c.relname, pg_get_partkeydef(c.oid), (SELECT count(*) FROM pg_inherits i WHERE i.inhparent = c.oid)
            FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            """))
        {
            var table = ingested[((string)row[0]!, (string)row[1]!)];
            var key = (string)row[2]!;
            var column = key[(key.IndexOf('(', StringComparison.Ordinal) + 1)..key.IndexOf(')', StringComparison.Ordinal)];
            Assert.Equal([column], table.TablePartition!.Columns);
            Assert.Equal(key.StartsWith("RANGE", StringComparison.Ordinal) ? PartitionIntervalType.TimeUnit : PartitionIntervalType.ColumnValue, table.TablePartition.IntervalType);
            Assert.Equal(Convert.ToString(row[3], CultureInfo.InvariantCulture), table.SourceDetails.Properties["partitionCount"]);
            partitioned++;
        }

        Assert.Equal(4, partitioned);
    }

    private static async Task CompareIndexesAsync(NpgsqlConnection connection, Dictionary<(string, string), TableMetadata> ingested)
    {
        await foreach (var row in QueryAsync(connection, "SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog')"))
        {
            var key = ((string)row[0]!, (string)row[1]!);
            if (ingested.TryGetValue(key, out var table))
            {
                Assert.Equal((string)row[3]!, table.SourceDetails.Indexes.Single(i => i.Name == (string)row[2]!).Definition);
            }
        }
    }

    private static async IAsyncEnumerable<object?[]> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return row;
        }
    }

    private static string MixedDatabaseSql(int tablesPerSchema)
    {
        var sql = new StringBuilder("""
            CREATE SCHEMA mix; CREATE SCHEMA "mix.two"; CREATE SCHEMA "Mix Three";
            CREATE TYPE mix.status AS ENUM ('new', 'done');
            CREATE DOMAIN mix."Tél" AS varchar(20);

            """);
        string[] schemas = ["mix", "\"mix.two\"", "\"Mix Three\""];
        foreach (var schema in schemas)
        {
            for (var t = 0; t < tablesPerSchema; t++)
            {
                var name = t % 9 == 4 ? $"\"Table {t}.x\"" : $"t{t:000}";
                var composite = t % 7 == 3;
                var columns = new List<string> { composite ? "k1 integer NOT NULL" : "id bigint", composite ? "k2 text NOT NULL" : "k2 text" };
                for (var c = 0; c < 3 + (t % 9); c++)
                {
                    var columnName = c % 4 == 3 ? $"\"Col {c}\"" : $"c{c}";
                    columns.Add($"{columnName} {TypePool[(t + (c * 5)) % TypePool.Length]}{(c % 3 == 0 ? " NOT NULL" : string.Empty)}");
                }

                columns.Add(composite ? "PRIMARY KEY (k1, k2)" : "PRIMARY KEY (id)");
                if (t % 5 == 1)
                {
                    columns.Add("UNIQUE (k2)");
                }

                if (t % 11 == 2)
                {
                    columns.Add("UNIQUE (c0, k2)");
                }

                if (t > 0 && t % 2 == 0)
                {
                    var previous = (t - 1) % 9 == 4 ? $"\"Table {t - 1}.x\"" : $"t{t - 1:000}";
                    var previousComposite = (t - 1) % 7 == 3;
                    columns.Add(previousComposite
                        ? $"ref1 integer, ref2 text, FOREIGN KEY (ref2, ref1) REFERENCES {schema}.{previous} (k2, k1)"
                        : $"ref_id bigint REFERENCES {schema}.{previous} (id)");
                }

                sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {schema}.{name} ({string.Join(", ", columns)});\n");
                if (t % 3 == 0)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON TABLE {schema}.{name} IS 'table {t} «{schema}»';\n");
                    sql.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {schema}.{name}.k2 IS 'key part ''{t}''';\n");
                }

                if (t % 4 == 0)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"CREATE INDEX ON {schema}.{name} (k2 DESC NULLS LAST, {(composite ? "k1" : "id")});\n");
                }

                if (t % 6 == 0)
                {
                    sql.Append(CultureInfo.InvariantCulture, $"CREATE UNIQUE INDEX ON {schema}.{name} (lower(k2)) INCLUDE (c0) WHERE k2 IS NOT NULL;\n");
                }
            }

            for (var v = 0; v < 8; v++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"CREATE VIEW {schema}.v{v} AS SELECT k2, count(*) AS n FROM {schema}.t{v * 9:000} WHERE k2 <> 'x' GROUP BY k2;\n");
            }

            sql.Append(CultureInfo.InvariantCulture, $"CREATE MATERIALIZED VIEW {schema}.mv AS SELECT k2 FROM {schema}.t001;\n");
            sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {schema}.events (at timestamptz NOT NULL, kind text) PARTITION BY RANGE (at);\n");
            for (var p = 1; p <= 3; p++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {schema}.events_{p} PARTITION OF {schema}.events FOR VALUES FROM ('2025-0{p}-01') TO ('2025-0{p + 1}-01');\n");
            }
        }

        sql.Append("CREATE TABLE mix.by_kind (kind text NOT NULL) PARTITION BY LIST (kind); CREATE TABLE mix.by_kind_a PARTITION OF mix.by_kind FOR VALUES IN ('a');\n");
        return sql.ToString();
    }
}
