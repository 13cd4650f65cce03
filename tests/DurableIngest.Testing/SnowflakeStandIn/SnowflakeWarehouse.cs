using System.Globalization;
using DuckDB.NET.Data;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// The SQL engine behind the Snowflake stand-in: an in-memory DuckDB in which every Snowflake database is an attached
/// catalog holding tables shaped like Snowflake's INFORMATION_SCHEMA views (SCHEMATA, TABLES, COLUMNS, VIEWS: the
/// documented column names; the "not applicable for Snowflake" ones left out), and the main catalog holds the output
/// of SHOW DATABASES / PRIMARY KEYS / UNIQUE KEYS / IMPORTED KEYS with Snowflake's lower-case columns. Statements the
/// source sends run here for real — their joins, filters, bound values and ordering — after one rename
/// (<see cref="InformationSchemaAlias"/>); SHOW commands become SELECTs over those tables (<see cref="ShowCommand"/>).
/// A role's missing privileges are simulated per database or schema (SQL compilation error 002003, as Snowflake
/// answers for an object that "does not exist or not authorized"). One connection, statements one at a time.
/// </summary>
public sealed class SnowflakeWarehouse : IDisposable
{
    public const string ShowSchema = "snowflake_show";

    private static readonly DateTime Created = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private readonly DuckDBConnection _connection;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _deniedDatabases = new(StringComparer.Ordinal);
    private readonly HashSet<(string, string)> _deniedSchemas = [];

    public SnowflakeWarehouse()
    {
        _connection = new DuckDBConnection("Data Source=:memory:");
        _connection.Open();
        Run($"CREATE SCHEMA {ShowSchema}");
        Run($"CREATE TABLE {ShowSchema}.databases (created_on TIMESTAMP, name VARCHAR, is_default VARCHAR, is_current VARCHAR, origin VARCHAR, owner VARCHAR, comment VARCHAR, options VARCHAR, retention_time VARCHAR, kind VARCHAR)");
        foreach (var keys in new[] { "primary_keys", "unique_keys" })
        {
            Run($"CREATE TABLE {ShowSchema}.{keys} (created_on TIMESTAMP, database_name VARCHAR, schema_name VARCHAR, table_name VARCHAR, column_name VARCHAR, key_sequence BIGINT, constraint_name VARCHAR, rely VARCHAR, comment VARCHAR)");
        }

        Run($"CREATE TABLE {ShowSchema}.imported_keys (created_on TIMESTAMP, pk_database_name VARCHAR, pk_schema_name VARCHAR, pk_table_name VARCHAR, pk_column_name VARCHAR, " +
            "fk_database_name VARCHAR, fk_schema_name VARCHAR, fk_table_name VARCHAR, fk_column_name VARCHAR, key_sequence BIGINT, update_rule VARCHAR, delete_rule VARCHAR, " +
            "fk_name VARCHAR, pk_name VARCHAR, deferrability VARCHAR, rely VARCHAR, comment VARCHAR)");
    }

    /// <summary>Adds a database with its INFORMATION_SCHEMA (which, as in Snowflake, lists itself) and its SHOW DATABASES row.</summary>
    public void AddDatabase(string name, string? comment = null)
    {
        var db = Quote(name);
        Run($"ATTACH ':memory:' AS {db}");
        var info = $"{db}.{InformationSchemaAlias.Alias}";
        Run($"CREATE SCHEMA {info}");
        Run($"CREATE TABLE {info}.SCHEMATA (CATALOG_NAME VARCHAR, SCHEMA_NAME VARCHAR, SCHEMA_OWNER VARCHAR, IS_TRANSIENT VARCHAR, IS_MANAGED_ACCESS VARCHAR, RETENTION_TIME BIGINT, CREATED TIMESTAMP, LAST_ALTERED TIMESTAMP, COMMENT VARCHAR)");
        Run($"CREATE TABLE {info}.TABLES (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, TABLE_OWNER VARCHAR, TABLE_TYPE VARCHAR, IS_TRANSIENT VARCHAR, " +
            "CLUSTERING_KEY VARCHAR, ROW_COUNT BIGINT, BYTES BIGINT, RETENTION_TIME BIGINT, CREATED TIMESTAMP, LAST_ALTERED TIMESTAMP, LAST_DDL TIMESTAMP, LAST_DDL_BY VARCHAR, " +
            "AUTO_CLUSTERING_ON VARCHAR, COMMENT VARCHAR, IS_TEMPORARY VARCHAR, IS_ICEBERG VARCHAR, IS_DYNAMIC VARCHAR, IS_IMMUTABLE VARCHAR)");
        Run($"CREATE TABLE {info}.COLUMNS (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, COLUMN_NAME VARCHAR, ORDINAL_POSITION BIGINT, COLUMN_DEFAULT VARCHAR, " +
            "IS_NULLABLE VARCHAR, DATA_TYPE VARCHAR, CHARACTER_MAXIMUM_LENGTH BIGINT, CHARACTER_OCTET_LENGTH BIGINT, NUMERIC_PRECISION BIGINT, NUMERIC_PRECISION_RADIX BIGINT, " +
            "NUMERIC_SCALE BIGINT, DATETIME_PRECISION BIGINT, IS_IDENTITY VARCHAR, COMMENT VARCHAR)");
        Run($"CREATE TABLE {info}.VIEWS (TABLE_CATALOG VARCHAR, TABLE_SCHEMA VARCHAR, TABLE_NAME VARCHAR, TABLE_OWNER VARCHAR, VIEW_DEFINITION VARCHAR, CHECK_OPTION VARCHAR, " +
            "IS_UPDATABLE VARCHAR, INSERTABLE_INTO VARCHAR, IS_SECURE VARCHAR, CREATED TIMESTAMP, LAST_ALTERED TIMESTAMP, LAST_DDL TIMESTAMP, LAST_DDL_BY VARCHAR, COMMENT VARCHAR)");
        Insert($"{ShowSchema}.databases", Created, name, "N", "N", string.Empty, "SYSADMIN", comment ?? string.Empty, string.Empty, "1", "STANDARD");
        AddSchema(name, InformationSchemaAlias.Name, "Views describing the contents of schemas in this database");
        foreach (var view in new[] { "COLUMNS", "SCHEMATA", "TABLES", "VIEWS" })
        {
            AddTableRow(name, InformationSchemaAlias.Name, view, new SnowflakeTableSpec { TableType = "VIEW", Owner = string.Empty });
        }
    }

    public void AddSchema(string database, string schema, string? comment = null) =>
        Insert($"{Info(database)}.SCHEMATA", database, schema, "SYSADMIN", "NO", "NO", 1L, Created, Created, comment);

    /// <summary>Adds a table or view: its TABLES row, its COLUMNS rows and, for a view, its VIEWS row.</summary>
    public void AddTable(string database, string schema, string name, SnowflakeTableSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        AddTableRow(database, schema, name, spec);
        var ordinal = 0;
        foreach (var column in spec.Columns)
        {
            ordinal++;
            var isText = column.DataType is "TEXT" or "BINARY";
            Insert(
                $"{Info(database)}.COLUMNS",
                database, schema, name, column.Name, (long)ordinal, null, column.Nullable ? "YES" : "NO", column.DataType,
                (long?)column.Length, isText && column.Length is { } l ? (long?)Math.Min((long)l * 4, 16_777_216) : null,
                (long?)column.Precision, column.Precision is null ? null : (long?)10, (long?)column.Scale, null, "NO", column.Comment);
        }

        if (spec.TableType is "VIEW" or "MATERIALIZED VIEW")
        {
            Insert($"{Info(database)}.VIEWS", database, schema, name, spec.Owner, spec.ViewDefinition, "NONE", "NO", "NO", spec.IsSecure ? "YES" : "NO", Created, Created, Created, "INGEST", spec.Comment);
        }
    }

    /// <summary>Removes a table from every INFORMATION_SCHEMA view, as DROP TABLE would.</summary>
    public void DropTable(string database, string schema, string name)
    {
        foreach (var view in new[] { "TABLES", "COLUMNS", "VIEWS" })
        {
            Run($"DELETE FROM {Info(database)}.{view} WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?", schema, name);
        }
    }

    public void AddPrimaryKey(string database, string schema, string table, string constraint, params string[] columns) =>
        AddKey("primary_keys", database, schema, table, constraint, columns);

    public void AddUniqueKey(string database, string schema, string table, string constraint, params string[] columns) =>
        AddKey("unique_keys", database, schema, table, constraint, columns);

    public void AddForeignKey(
        string database, string schema, string table, string name, IReadOnlyList<string> columns,
        string pkDatabase, string pkSchema, string pkTable, IReadOnlyList<string> pkColumns, string pkName)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(pkColumns);
        for (var i = 0; i < columns.Count; i++)
        {
            Insert($"{ShowSchema}.imported_keys", Created, pkDatabase, pkSchema, pkTable, pkColumns[i], database, schema, table, columns[i], (long)(i + 1),
                "NO ACTION", "NO ACTION", name, pkName, "NOT DEFERRABLE", "false", null);
        }
    }

    /// <summary>The role loses every privilege on the database: any statement in it is refused.</summary>
    public void DenyDatabase(string database)
    {
        lock (_lock)
        {
            _deniedDatabases.Add(database);
        }
    }

    /// <summary>The role may not use the schema: SHOW ... IN SCHEMA for it is refused.</summary>
    public void DenySchema(string database, string schema)
    {
        lock (_lock)
        {
            _deniedSchemas.Add((database, schema));
        }
    }

    /// <summary>Runs a statement as Snowflake would, in <paramref name="currentDatabase"/>; throws <see cref="StatementFailedException"/> as Snowflake would refuse it.</summary>
    public QueryResult Execute(string sql, IReadOnlyList<string> bindings, string? currentDatabase)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(bindings);
        lock (_lock)
        {
            if (currentDatabase is not null && _deniedDatabases.Contains(currentDatabase))
            {
                throw NotAuthorized($"Database '{currentDatabase}'");
            }

            foreach (var denied in _deniedDatabases.Where(d => sql.Contains(Quote(d) + ".", StringComparison.Ordinal)))
            {
                throw NotAuthorized($"Database '{denied}'");
            }

            var show = ShowCommand.Parse(sql, currentDatabase, out var showError);
            if (showError is not null)
            {
                throw new StatementFailedException("001003", "42000", $"SQL compilation error:\n{showError}");
            }

            if (show is not null && show.Parameters.Count >= 2 && _deniedSchemas.Contains((show.Parameters[0], show.Parameters[1])))
            {
                throw NotAuthorized($"Schema '{show.Parameters[0]}.{show.Parameters[1]}'");
            }

            var text = show?.Sql ?? InformationSchemaAlias.Apply(sql);
            var parameters = show?.Parameters ?? bindings;
            try
            {
                return Query(text, parameters);
            }
            catch (DuckDBException e)
            {
                var message = e.Message.Split('\n')[0];
                throw message.Contains("Catalog", StringComparison.OrdinalIgnoreCase) || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                    ? new StatementFailedException("002003", "02000", $"SQL compilation error:\nObject does not exist or not authorized. ({message})")
                    : new StatementFailedException("001003", "42000", $"SQL compilation error:\n{message}");
            }
        }
    }

    public void Dispose() => _connection.Dispose();

    private static StatementFailedException NotAuthorized(string what) =>
        new("002003", "02000", $"SQL compilation error:\n{what} does not exist or not authorized.");

    private void AddTableRow(string database, string schema, string name, SnowflakeTableSpec spec) =>
        Insert(
            $"{Info(database)}.TABLES",
            database, schema, name, spec.Owner, spec.TableType, spec.IsTransient ? "YES" : "NO", spec.ClusteringKey,
            spec.TableType == "BASE TABLE" ? 0L : null, spec.TableType == "BASE TABLE" ? 0L : null, 1L, Created, Created, Created, "INGEST",
            spec.ClusteringKey is null ? "OFF" : "ON", spec.Comment, spec.TableType == "TEMPORARY TABLE" ? "YES" : "NO",
            spec.IsIceberg ? "YES" : "NO", spec.IsDynamic ? "YES" : "NO", "NO");

    private void AddKey(string output, string database, string schema, string table, string constraint, string[] columns)
    {
        for (var i = 0; i < columns.Length; i++)
        {
            Insert($"{ShowSchema}.{output}", Created, database, schema, table, columns[i], (long)(i + 1), constraint, "false", null);
        }
    }

    private static string Info(string database) => $"{Quote(database)}.{InformationSchemaAlias.Alias}";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private void Insert(string table, params object?[] values) =>
        Run($"INSERT INTO {table} VALUES ({string.Join(", ", values.Select(_ => "?"))})", values);

    private void Run(string sql, params object?[] values)
    {
        lock (_lock)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = sql;
            foreach (var value in values)
            {
                command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
            }

            command.ExecuteNonQuery();
        }
    }

    private QueryResult Query(string sql, IReadOnlyList<string> parameters)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var value in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(value));
        }

        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var types = Enumerable.Range(0, reader.FieldCount).Select(i => SnowflakeType(reader.GetFieldType(i))).ToList();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return new QueryResult(columns, types, rows);
    }

    private static string SnowflakeType(Type type) =>
        type == typeof(string) ? "TEXT"
        : type == typeof(bool) ? "BOOLEAN"
        : type == typeof(DateTime) || type == typeof(DateTimeOffset) ? "TIMESTAMP_LTZ"
        : type == typeof(double) || type == typeof(float) ? "REAL"
        : "FIXED";

    // jsonv2 sends every value as a string; a TIMESTAMP_LTZ as seconds since the epoch with nine decimals.
    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime t => (new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000m).ToString("0.000000000", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
