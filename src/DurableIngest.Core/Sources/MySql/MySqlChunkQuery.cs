using System.Text;
using DurableIngest.Entities;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// One chunk's information_schema statements, sent as one multi-statement command (one round trip): for each schema
/// of the chunk (a chunk is in discovery order, so it spans one schema or two) tables, columns, key columns, index
/// columns and check constraints, plus, when the chunk has views, their definitions. The tables statement tells
/// which tables are partitioned; their partitions are a second command (<see cref="ForPartitions"/>), sent only when
/// the chunk has one. Every statement filters on <c>TABLE_SCHEMA = constant AND TABLE_NAME IN (constants)</c>:
/// MariaDB then lists one schema folder and opens only the named tables (EXPLAIN says "Scanned 1 database"; one
/// <c>TABLE_NAME = constant</c> lookup per table, UNION ALL-ed, measured 3-4 times slower), and MySQL 8 looks the
/// names up in its data dictionary, so a chunk costs the same in a 100-table schema as in a 10,000-table one. An
/// <c>OR</c> across schemas would make MariaDB scan every schema. On MariaDB each statement costs about 30 µs per
/// table it visits before its rows, so the command has as few statements as the catalog allows.
/// </summary>
internal sealed class MySqlChunkQuery
{
    // CREATE_OPTIONS opens every table and view in full (the key statements below open the tables anyway): it says
    // "partitioned", and a view the server cannot resolve then has its reason as the comment, where a listing that
    // reads only the definition file says VIEW.
    private const string TablesSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT, CREATE_OPTIONS
        FROM information_schema.TABLES WHERE {0}
        """;

    // Not sorted by the server: the rows of 20 columns a table are its largest result, and MariaDB sorts them through
    // an on-disk temporary table (GENERATION_EXPRESSION is a LONGTEXT); ReadAsync puts each table's columns in order.
    private const string ColumnsSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,
               CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_SET_NAME, COLLATION_NAME,
               EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
        FROM information_schema.COLUMNS WHERE {0}
        """;

    // Primary keys (always named PRIMARY), unique keys and foreign keys, one row per column in key order; a foreign
    // key's row names the referenced column, in whichever schema it is.
    private const string KeysSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,
               REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME
        FROM information_schema.KEY_COLUMN_USAGE WHERE {0}
        ORDER BY TABLE_NAME, CONSTRAINT_NAME, REFERENCED_TABLE_NAME IS NULL, ORDINAL_POSITION
        """;

    // No CARDINALITY: it is the one column that makes MariaDB ask the storage engine for statistics.
    private const string IndexesSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT
        FROM information_schema.STATISTICS WHERE {0}
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
        """;

    private const string MySqlIndexesSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT, EXPRESSION
        FROM information_schema.STATISTICS WHERE {0}
        ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX
        """;

    // MariaDB names check constraints per table (CHECK_CONSTRAINTS has TABLE_NAME; LEVEL tells column checks).
    private const string MariaDbChecksSql = """
        SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, LEVEL = 'Column'
        FROM information_schema.CHECK_CONSTRAINTS WHERE {0}
        ORDER BY TABLE_NAME, CONSTRAINT_NAME
        """;

    // MySQL names them per schema: the table comes from TABLE_CONSTRAINTS.
    private const string MySqlChecksSql = """
        SELECT tc.TABLE_SCHEMA, tc.TABLE_NAME, tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE, 0
        FROM information_schema.TABLE_CONSTRAINTS tc
        JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
        WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND {0}
        ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME
        """;

    // Only for the tables the tables statement says are partitioned: opening every table of the chunk once more to
    // learn that most have one row with a NULL partition name cost as much as the check constraints.
    private const string PartitionsSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION,
               PARTITION_NAME, SUBPARTITION_NAME
        FROM information_schema.PARTITIONS WHERE {0} AND PARTITION_NAME IS NOT NULL
        ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION
        """;

    private const string ViewsSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE
        FROM information_schema.VIEWS WHERE {0}
        """;

    private readonly List<Action<MySqlDataReader, MySqlChunkMetadata>> _readers = [];

    public MySqlChunkQuery(IReadOnlyList<DiscoveredEntity> entities, MySqlServerFlavor flavor)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(flavor);
        var sql = new StringBuilder();
        var schemas = entities.GroupBy(e => e.Schema, StringComparer.Ordinal).Select(s => (s.Key, s.Select(e => (e.Name, e.Kind is TableType.View or TableType.MaterializedView))));
        foreach (var (schemaParameter, names, views) in AddParameters(schemas))
        {
            var filter = Filter("TABLE_SCHEMA", "TABLE_NAME", schemaParameter, names);
            Add(sql, TablesSql, filter, MySqlRowReaders.Table);
            Add(sql, ColumnsSql, filter, MySqlRowReaders.Column);
            Add(sql, KeysSql, filter, MySqlRowReaders.KeyColumn);
            Add(sql, flavor.IsMariaDb ? IndexesSql : MySqlIndexesSql, filter, MySqlRowReaders.IndexColumn);
            if (flavor.HasCheckConstraints)
            {
                Add(sql, flavor.IsMariaDb ? MariaDbChecksSql : MySqlChecksSql,
                    flavor.IsMariaDb ? Filter("CONSTRAINT_SCHEMA", "TABLE_NAME", schemaParameter, names) : Filter("tc.TABLE_SCHEMA", "tc.TABLE_NAME", schemaParameter, names),
                    MySqlRowReaders.Check);
            }

            if (views.Count > 0)
            {
                Add(sql, ViewsSql, Filter("TABLE_SCHEMA", "TABLE_NAME", schemaParameter, views), MySqlRowReaders.View);
            }
        }

        Sql = sql.ToString();
    }

    private MySqlChunkQuery(IEnumerable<(string Schema, IEnumerable<string> Names)> partitioned)
    {
        var sql = new StringBuilder();
        foreach (var (schemaParameter, names, _) in AddParameters(partitioned.Select(s => (s.Schema, s.Names.Select(n => (n, false))))))
        {
            Add(sql, PartitionsSql, Filter("TABLE_SCHEMA", "TABLE_NAME", schemaParameter, names), MySqlRowReaders.Partition);
        }

        Sql = sql.ToString();
    }

    /// <summary>The statements, separated by semicolons; parameters are substituted by the driver as quoted constants.</summary>
    public string Sql { get; }

    public List<MySqlParameter> Parameters { get; } = [];

    /// <summary>How many statements (result sets) <see cref="Sql"/> holds.</summary>
    public int StatementCount => _readers.Count;

    /// <summary>
    /// The second command of a chunk whose tables statement found partitioned tables: their partitions. Null when
    /// <paramref name="catalog"/> has none, which is the common case.
    /// </summary>
    public static MySqlChunkQuery? ForPartitions(MySqlChunkMetadata catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var partitioned = catalog.Tables.Values.Where(t => t.Partitioned).ToList();
        return partitioned.Count == 0
            ? null
            : new MySqlChunkQuery(partitioned.GroupBy(t => t.Schema, StringComparer.Ordinal).Select(s => (s.Key, s.Select(t => t.Name))));
    }

    /// <summary>Reads every result set of the command into <paramref name="catalog"/>, in statement order.</summary>
    public async Task ReadAsync(MySqlDataReader reader, MySqlChunkMetadata catalog, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(catalog);
        var index = 0;
        do
        {
            if (index >= _readers.Count)
            {
                throw new InvalidOperationException($"the chunk command returned more than its {_readers.Count} result sets");
            }

            while (await reader.ReadAsync(cancellationToken))
            {
                _readers[index](reader, catalog);
            }

            index++;
        }
        while (await reader.NextResultAsync(cancellationToken));
        foreach (var columns in catalog.Columns.Values)
        {
            columns.Sort((x, y) => x.Ordinal.CompareTo(y.Ordinal));
        }
    }

    /// <summary>Adds a schema's parameter and its distinct names' parameters; returns their placeholders, views apart.</summary>
    private IEnumerable<(string Schema, List<string> Names, List<string> Views)> AddParameters(IEnumerable<(string Schema, IEnumerable<(string Name, bool IsView)> Names)> schemas)
    {
        var schemaIndex = 0;
        foreach (var (schema, entries) in schemas)
        {
            var schemaParameter = $"@s{schemaIndex}";
            Parameters.Add(new MySqlParameter(schemaParameter, schema));
            var names = new List<string>();
            var views = new List<string>();
            foreach (var ((name, isView), index) in entries.DistinctBy(e => e.Name, StringComparer.Ordinal).Select((e, i) => (e, i)))
            {
                var placeholder = $"@t{schemaIndex}_{index}";
                Parameters.Add(new MySqlParameter(placeholder, name));
                names.Add(placeholder);
                if (isView)
                {
                    views.Add(placeholder);
                }
            }

            yield return (schemaParameter, names, views);
            schemaIndex++;
        }
    }

    private void Add(StringBuilder sql, string template, string filter, Action<MySqlDataReader, MySqlChunkMetadata> read)
    {
        sql.Append(template.Replace("{0}", filter, StringComparison.Ordinal)).Append(";\n");
        _readers.Add(read);
    }

    private static string Filter(string schemaColumn, string nameColumn, string schemaParameter, List<string> names) =>
        $"{schemaColumn} = {schemaParameter} AND {nameColumn} IN ({string.Join(", ", names)})";
}
