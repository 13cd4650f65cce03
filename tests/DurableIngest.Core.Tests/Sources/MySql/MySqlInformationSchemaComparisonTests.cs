using System.Globalization;
using System.Text;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Testing;
using MySqlConnector;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

/// <summary>
/// Proof that an ingest matches the server, table for table and column for column: a mixed database of a few hundred
/// tables over three schemas (one with a Unicode name) is ingested, then read again independently, one table at a
/// time, through information_schema and SHOW CREATE TABLE, and the two readings are compared. A user with SELECT on
/// some tables only then ingests exactly those, identically.
/// </summary>
[Collection(MariaDbServerFixture.Collection)]
public sealed class MySqlInformationSchemaComparisonTests
{
    private static readonly string[] TypePool =
    [
        "INT", "BIGINT UNSIGNED", "SMALLINT", "TINYINT(1)", "VARCHAR(40)", "CHAR(3)", "DECIMAL(12,3)", "DOUBLE", "FLOAT",
        "DATETIME(3)", "TIMESTAMP NULL", "DATE", "TIME", "YEAR", "TEXT", "LONGTEXT", "JSON", "BLOB", "VARBINARY(16)",
        "BIT(3)", "ENUM('x','y')", "SET('p','q')", "POINT", "GEOMETRY", "MEDIUMINT", "VARCHAR(20) CHARACTER SET latin1",
    ];

    private static readonly Dictionary<string, DataType> DataTypes = new(StringComparer.Ordinal)
    {
        ["int"] = DataType.INT, ["bigint"] = DataType.BIGINT, ["smallint"] = DataType.SMALLINT, ["tinyint"] = DataType.TINYINT,
        ["varchar"] = DataType.VARCHAR, ["char"] = DataType.CHAR, ["decimal"] = DataType.DECIMAL, ["double"] = DataType.DOUBLE,
        ["float"] = DataType.FLOAT, ["datetime"] = DataType.DATETIME, ["timestamp"] = DataType.TIMESTAMP, ["date"] = DataType.DATE,
        ["time"] = DataType.TIME, ["year"] = DataType.YEAR, ["text"] = DataType.TEXT, ["longtext"] = DataType.TEXT,
        ["blob"] = DataType.BLOB, ["varbinary"] = DataType.VARBINARY, ["bit"] = DataType.BINARY, ["enum"] = DataType.ENUM,
        ["set"] = DataType.SET, ["point"] = DataType.POINT, ["geometry"] = DataType.GEOMETRY, ["mediumint"] = DataType.INT,
    };

    private readonly MariaDbServerFixture _server;

    public MySqlInformationSchemaComparisonTests(MariaDbServerFixture server) => _server = server;

    [Fact]
    public async Task Ingest_MixedDatabase_MatchesInformationSchemaTableForTableColumnForColumn()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string[] schemas = [$"mix_{suffix}", $"mix.two_{suffix}", $"Mïx Drei_{suffix}"];
        foreach (var schema in schemas)
        {
            await _server.Server.CreateSchemaAsync(schema);
        }

        await _server.Server.ExecuteAsync(null, MixedDatabaseSql(schemas, tablesPerSchema: 80));
        var filter = $"""
            schemaFilterPattern:
              includes: [{string.Join(", ", schemas.Select(s => $"'^{System.Text.RegularExpressions.Regex.Escape(s)}$'"))}]
            """;
        var (discovery, results) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, null, sourceConfigExtra: filter), chunkSize: 64);
        var ingested = results.ToDictionary(r => (r.Entity.Schema, r.Entity.Name), r => r.Table ?? throw new InvalidOperationException(r.Failure!.Message));

        await using var connection = new MySqlConnection(_server.Server.ConnectionString());
        await connection.OpenAsync();
        var expectedTables = await ExpectedTablesAsync(connection, schemas);
        Assert.Equal(expectedTables.Keys.Order(), ingested.Keys.Order());
        Assert.True(expectedTables.Count > 250, $"only {expectedTables.Count} tables");
        Assert.Equal(schemas.Order(StringComparer.Ordinal), discovery.Schemas.Select(s => s.Schema).Order(StringComparer.Ordinal));

        var columns = 0;
        var foreignKeys = 0;
        foreach (var ((schema, name), table) in ingested)
        {
            var (type, comment) = expectedTables[(schema, name)];
            Assert.Equal(comment, table.Description);
            columns += await CompareColumnsAsync(connection, schema, name, table);
            foreignKeys += await CompareKeysAsync(connection, schema, name, table);
            await ComparePartitionsAndViewsAsync(connection, schema, name, type, table);
            await CompareIndexesAsync(connection, schema, name, type, table);
        }

        Assert.True(columns > 2000, $"only {columns} columns compared");
        Assert.True(foreignKeys > 100, $"only {foreignKeys} foreign keys compared");

        // A user with SELECT on the first schema and on every third table of the others (and nothing else) ingests
        // exactly those, and reads them as the owner does, but for one thing: MariaDB shows check constraints only to
        // users with a privilege on the whole schema, so for a table-level grant there are none, and a JSON column,
        // which MariaDB stores as longtext with a json_valid check, reads as TEXT.
        var user = $"partial_{suffix}";
        var tableGrants = ingested.Keys.Where(k => k.Schema != schemas[0]).Where((_, i) => i % 3 == 0).ToList();
        var grants = new StringBuilder($"CREATE USER '{user}'@'%' IDENTIFIED BY 'partial-pw';\n")
            .Append(CultureInfo.InvariantCulture, $"GRANT SELECT, SHOW VIEW ON {MariaDbServer.QuoteIdentifier(schemas[0])}.* TO '{user}'@'%';\n");
        foreach (var (schema, name) in tableGrants)
        {
            grants.Append(CultureInfo.InvariantCulture, $"GRANT SELECT, SHOW VIEW ON {MariaDbServer.QuoteIdentifier(schema)}.{MariaDbServer.QuoteIdentifier(name)} TO '{user}'@'%';\n");
        }

        await _server.Server.ExecuteAsync(null, grants.ToString());
        var (_, partial) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, null, sourceConfigExtra: filter, username: user, password: "partial-pw"), chunkSize: 64);
        Assert.Equal(ingested.Keys.Where(k => k.Schema == schemas[0]).Concat(tableGrants).Order(), partial.Select(r => (r.Entity.Schema, r.Entity.Name)).Order());
        foreach (var read in partial)
        {
            var owner = ingested[(read.Entity.Schema, read.Entity.Name)];
            var expected = read.Entity.Schema == schemas[0] ? owner : owner with
            {
                Columns = [.. owner.Columns.Select(c => c.DataType == DataType.JSON ? c with { DataType = DataType.TEXT } : c)],
                SourceDetails = owner.SourceDetails with { CheckConstraints = [] },
            };
            Assert.Equal(Encoding.UTF8.GetString(EntityJson.SerializeTableDocument(expected)), Encoding.UTF8.GetString(EntityJson.SerializeTableDocument(read.Table!)));
        }
    }

    private static async Task<Dictionary<(string, string), (string Type, string? Comment)>> ExpectedTablesAsync(MySqlConnection connection, string[] schemas)
    {
        var tables = new Dictionary<(string, string), (string, string?)>();
        foreach (var schema in schemas)
        {
            foreach (var row in await QueryAsync(connection, "SELECT TABLE_NAME, TABLE_TYPE, TABLE_COMMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = @s", ("@s", schema)))
            {
                var type = (string)row[1]!;
                tables[(schema, (string)row[0]!)] = (type, type == "VIEW" || (string)row[2]! == string.Empty ? null : (string)row[2]!);
            }
        }

        return tables;
    }

    private static async Task<int> CompareColumnsAsync(MySqlConnection connection, string schema, string name, TableMetadata table)
    {
        var rows = await QueryAsync(connection, """
            SELECT c.COLUMN_NAME, c.ORDINAL_POSITION, c.IS_NULLABLE, c.DATA_TYPE, c.COLUMN_TYPE, c.CHARACTER_MAXIMUM_LENGTH,
                   c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.COLUMN_COMMENT, c.GENERATION_EXPRESSION, c.EXTRA
            FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = @s AND c.TABLE_NAME = @t ORDER BY c.ORDINAL_POSITION
            """, ("@s", schema), ("@t", name));
        var columnChecks = (await QueryAsync(connection, """
            SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = @s AND TABLE_NAME = @t AND LEVEL = 'Column'
            """, ("@s", schema), ("@t", name))).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(rows.Select(r => (string)r[0]!), table.Columns.Select(c => c.Name));
        foreach (var (row, column) in rows.Zip(table.Columns))
        {
            var where = $"{schema}.{name}.{column.Name}";
            Assert.True(Convert.ToInt32(row[1], CultureInfo.InvariantCulture) == column.OrdinalPosition, where);
            Assert.True((string)row[4]! == column.DataTypeDisplay, $"{where}: {row[4]} vs {column.DataTypeDisplay}");
            Assert.True(((string)row[2]! == "NO") == (column.Constraint is ColumnConstraint.NotNull or ColumnConstraint.PrimaryKey)
                || column.Constraint == ColumnConstraint.Unique, $"{where}: nullability");
            var expectedType = columnChecks.Contains($"json_valid(`{column.Name}`)") ? DataType.JSON : DataTypes[(string)row[3]!];
            Assert.True(expectedType == column.DataType, $"{where}: {row[3]} vs {column.DataType}");
            if ((string)row[3]! is "varchar" or "char" or "varbinary")
            {
                Assert.True(Convert.ToInt32(row[5], CultureInfo.InvariantCulture) == column.DataLength, $"{where}: length");
            }

            if ((string)row[3]! == "decimal")
            {
                Assert.True((Convert.ToInt32(row[6], CultureInfo.InvariantCulture), Convert.ToInt32(row[7], CultureInfo.InvariantCulture)) == (column.Precision, column.Scale), $"{where}: precision");
            }

            Assert.True((row[8] is string { Length: > 0 } comment ? comment : null) == column.Description, $"{where}: comment");
            if (row[9] is string { Length: > 0 } generated)
            {
                var kind = ((string)row[10]!).StartsWith("STORED", StringComparison.Ordinal) ? "STORED" : "VIRTUAL";
                Assert.Equal($"{kind} AS ({generated})", table.SourceDetails.Properties[$"column.{column.Name}.generated"]);
            }
        }

        return rows.Count;
    }

    private static async Task<int> CompareKeysAsync(MySqlConnection connection, string schema, string name, TableMetadata table)
    {
        var keys = new Dictionary<(string Name, string Type), (List<string> Columns, List<string> Referenced)>();
        foreach (var row in await QueryAsync(connection, """
            SELECT tc.CONSTRAINT_NAME, tc.CONSTRAINT_TYPE, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, k.REFERENCED_COLUMN_NAME
            FROM information_schema.TABLE_CONSTRAINTS tc
            JOIN information_schema.KEY_COLUMN_USAGE k ON k.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
                 AND k.TABLE_SCHEMA = tc.TABLE_SCHEMA AND k.TABLE_NAME = tc.TABLE_NAME
                 AND (k.REFERENCED_TABLE_NAME IS NULL) = (tc.CONSTRAINT_TYPE <> 'FOREIGN KEY')
            WHERE tc.TABLE_SCHEMA = @s AND tc.TABLE_NAME = @t AND tc.CONSTRAINT_TYPE IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
            ORDER BY tc.CONSTRAINT_NAME, k.ORDINAL_POSITION
            """, ("@s", schema), ("@t", name)))
        {
            var key = ((string)row[0]!, (string)row[1]!);
            if (!keys.TryGetValue(key, out var entry))
            {
                keys[key] = entry = ([], []);
            }

            entry.Columns.Add((string)row[2]!);
            if (row[5] is string referenced && row[3] is string referencedSchema && row[4] is string referencedTable)
            {
                entry.Referenced.Add(Fqn.Join(MySqlHarness.Service, "default", referencedSchema, referencedTable, referenced));
            }
        }

        foreach (var ((_, type), (columns, referenced)) in keys)
        {
            if (type == "FOREIGN KEY")
            {
                Assert.Contains(table.TableConstraints, c => c.ConstraintType == ConstraintType.ForeignKey && c.Columns.SequenceEqual(columns) && c.ReferredColumns!.SequenceEqual(referenced));
            }
            else if (columns.Count == 1)
            {
                var constraint = table.Columns.Single(c => c.Name == columns[0]).Constraint;
                Assert.True(constraint == (type == "PRIMARY KEY" ? ColumnConstraint.PrimaryKey : ColumnConstraint.Unique)
                    || (type == "UNIQUE" && constraint == ColumnConstraint.PrimaryKey), $"{schema}.{name}.{columns[0]}: {constraint}");
            }
            else
            {
                var constraintType = type == "PRIMARY KEY" ? ConstraintType.PrimaryKey : ConstraintType.Unique;
                Assert.Contains(table.TableConstraints, c => c.ConstraintType == constraintType && c.Columns.SequenceEqual(columns));
            }
        }

        Assert.Equal(keys.Count(k => k.Key.Type == "FOREIGN KEY" || k.Value.Columns.Count > 1), table.TableConstraints.Count);
        return keys.Count(k => k.Key.Type == "FOREIGN KEY");
    }

    private static async Task ComparePartitionsAndViewsAsync(MySqlConnection connection, string schema, string name, string type, TableMetadata table)
    {
        if (type == "VIEW")
        {
            var definition = await QueryAsync(connection, "SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = @s AND TABLE_NAME = @t", ("@s", schema), ("@t", name));
            Assert.Equal(TableType.View, table.TableType);
            Assert.Equal((string)definition.Single()[0]!, table.SchemaDefinition);
            return;
        }

        var partitions = await QueryAsync(connection, """
            SELECT PARTITION_METHOD, PARTITION_EXPRESSION FROM information_schema.PARTITIONS
            WHERE TABLE_SCHEMA = @s AND TABLE_NAME = @t AND PARTITION_NAME IS NOT NULL
            """, ("@s", schema), ("@t", name));
        Assert.Null(table.SchemaDefinition);
        if (partitions.Count == 0)
        {
            Assert.Equal(TableType.Regular, table.TableType);
            Assert.Null(table.TablePartition);
            return;
        }

        Assert.Equal(TableType.Partitioned, table.TableType);
        Assert.Equal($"{partitions[0][0]} ({partitions[0][1]})", table.SourceDetails.Properties["partitionKey"]);
        Assert.Equal(partitions.Count.ToString(CultureInfo.InvariantCulture), table.SourceDetails.Properties["partitionCount"]);
        Assert.Equal(["at"], table.TablePartition!.Columns);
        Assert.Equal(PartitionIntervalType.TimeUnit, table.TablePartition.IntervalType);
    }

    private static async Task CompareIndexesAsync(MySqlConnection connection, string schema, string name, string type, TableMetadata table)
    {
        if (type == "VIEW")
        {
            Assert.Empty(table.SourceDetails.Indexes);
            return;
        }

        var create = (string)(await QueryAsync(connection, $"SHOW CREATE TABLE {MariaDbServer.QuoteIdentifier(schema)}.{MariaDbServer.QuoteIdentifier(name)}")).Single()[1]!;
        var keyLines = create.Split('\n').Select(l => l.Trim().TrimEnd(',')).Where(l => l.Contains("KEY ", StringComparison.Ordinal) && !l.StartsWith("CONSTRAINT", StringComparison.Ordinal)).ToList();
        Assert.Equal(keyLines.Order(StringComparer.Ordinal), table.SourceDetails.Indexes.Select(i => i.Definition!).Order(StringComparer.Ordinal));
    }

    private static async Task<List<object?[]>> QueryAsync(MySqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new MySqlCommand(sql, connection);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.AddWithValue(parameterName, value);
        }

        var rows = new List<object?[]>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string MixedDatabaseSql(string[] schemas, int tablesPerSchema)
    {
        var sql = new StringBuilder();
        for (var s = 0; s < schemas.Length; s++)
        {
            var schema = MariaDbServer.QuoteIdentifier(schemas[s]);
            for (var t = 0; t < tablesPerSchema; t++)
            {
                var name = TableName(t);
                var composite = t % 7 == 3;
                var columns = new List<string> { composite ? "k1 INT NOT NULL" : "id BIGINT NOT NULL", composite ? "k2 VARCHAR(30) NOT NULL" : "k2 VARCHAR(30)" };
                for (var c = 0; c < 4 + (t % 9); c++)
                {
                    var columnName = c % 4 == 3 ? $"`Cöl {c}`" : $"c{c}";
                    var type = TypePool[(t + (c * 5)) % TypePool.Length];
                    var notNull = c % 3 == 0 || type is "POINT" or "GEOMETRY";
                    columns.Add($"{columnName} {type}{(notNull && !type.Contains("NULL", StringComparison.Ordinal) ? " NOT NULL" : string.Empty)}{(c == 1 ? $" COMMENT 'col {t} «{c}»'" : string.Empty)}");
                }

                if (t % 5 == 2)
                {
                    columns.Add("k2_upper VARCHAR(30) AS (UPPER(k2)) VIRTUAL");
                    columns.Add("k2_length INT AS (CHAR_LENGTH(k2)) STORED");
                }

                columns.Add(composite ? "PRIMARY KEY (k1, k2)" : "PRIMARY KEY (id)");
                if (t % 5 == 1)
                {
                    columns.Add("UNIQUE KEY (k2)");
                }

                if (t % 11 == 2)
                {
                    columns.Add("UNIQUE KEY c0_k2 (c0, k2)");
                }

                if (t % 4 == 0)
                {
                    columns.Add($"KEY k2_desc (k2 DESC, {(composite ? "k1" : "id")})");
                }

                if (t > 0 && t % 2 == 0)
                {
                    // Every other foreign key crosses to the previous schema.
                    var target = s > 0 && t % 4 == 0 ? MariaDbServer.QuoteIdentifier(schemas[s - 1]) : schema;
                    var previousComposite = (t - 1) % 7 == 3;
                    columns.Add(previousComposite
                        ? $"ref1 INT, ref2 VARCHAR(30), CONSTRAINT fk_{t} FOREIGN KEY (ref1, ref2) REFERENCES {target}.{TableName(t - 1)} (k1, k2)"
                        : $"ref_id BIGINT, CONSTRAINT fk_{t} FOREIGN KEY (ref_id) REFERENCES {target}.{TableName(t - 1)} (id)");
                }

                var comment = t % 3 == 0 ? $" COMMENT 'table {t} «{schemas[s]}» ''quoted'''" : string.Empty;
                sql.Append(CultureInfo.InvariantCulture, $"CREATE TABLE {schema}.{name} ({string.Join(", ", columns)}){comment};\n");
            }

            for (var v = 0; v < 8; v++)
            {
                sql.Append(CultureInfo.InvariantCulture, $"CREATE VIEW {schema}.v{v} AS SELECT k2, COUNT(*) AS n FROM {schema}.{TableName(v * 9)} WHERE k2 <> 'x' GROUP BY k2;\n");
            }

            sql.Append(CultureInfo.InvariantCulture, $"""
                CREATE TABLE {schema}.events (id INT NOT NULL, at DATETIME NOT NULL, PRIMARY KEY (id, at))
                  PARTITION BY RANGE COLUMNS (at) (PARTITION p1 VALUES LESS THAN ('2025-01-01'), PARTITION p2 VALUES LESS THAN ('2026-01-01'), PARTITION p3 VALUES LESS THAN (MAXVALUE));

                """);
        }

        return sql.ToString();
    }

    private static string TableName(int t) => t % 9 == 4 ? $"`Täble {t}.x`" : $"t{t:000}";
}
