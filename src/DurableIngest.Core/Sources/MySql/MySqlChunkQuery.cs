using System.Text;
using DurableIngest.Entities;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// One chunk's information_schema statements, sent as one multi-statement command (one round trip): for each schema
/// of the chunk (a chunk is in discovery order, so it spans one schema or two) tables, columns, key columns, index
/// columns, check constraints and partitions, plus, when the chunk has views, their status and definitions. Every statement filters
/// on <c>TABLE_SCHEMA = constant AND TABLE_NAME IN (constants)</c>: MariaDB then lists one schema folder and opens only
/// the named tables, and MySQL 8 looks the names up in its data dictionary, so a chunk costs the same in a 100-table
/// schema as in a 10,000-table one. An <c>OR</c> across schemas would make MariaDB scan every schema.
/// </summary>
internal sealed class MySqlChunkQuery
{
    private const string TablesSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COLLATION, TABLE_COMMENT
        FROM information_schema.TABLES WHERE {0}
        """;

    private const string ColumnsSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, COLUMN_TYPE,
               CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, CHARACTER_SET_NAME, COLLATION_NAME,
               EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION
        FROM information_schema.COLUMNS WHERE {0}
        ORDER BY TABLE_NAME, ORDINAL_POSITION
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

    // A table that is not partitioned has one row with a NULL partition name.
    private const string PartitionsSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_METHOD, PARTITION_EXPRESSION, SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION,
               PARTITION_NAME, SUBPARTITION_NAME
        FROM information_schema.PARTITIONS WHERE {0} AND PARTITION_NAME IS NOT NULL
        ORDER BY TABLE_NAME, PARTITION_ORDINAL_POSITION, SUBPARTITION_ORDINAL_POSITION
        """;

    // The chunk's views opened in full (CREATE_OPTIONS asks for it): a view the server cannot resolve then has its
    // reason as the comment, where the listing above, which reads only the definition file, says VIEW.
    private const string ViewStatusSql = """
        SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_COMMENT, CREATE_OPTIONS
        FROM information_schema.TABLES WHERE {0}
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
        var schemaIndex = 0;
        foreach (var schema in entities.GroupBy(e => e.Schema, StringComparer.Ordinal))
        {
            var schemaParameter = $"@s{schemaIndex}";
            Parameters.Add(new MySqlParameter(schemaParameter, schema.Key));
            var names = new List<string>();
            var views = new List<string>();
            foreach (var (entity, index) in schema.DistinctBy(e => e.Name, StringComparer.Ordinal).Select((e, i) => (e, i)))
            {
                var name = $"@t{schemaIndex}_{index}";
                Parameters.Add(new MySqlParameter(name, entity.Name));
                names.Add(name);
                if (entity.Kind is TableType.View or TableType.MaterializedView)
                {
                    views.Add(name);
                }
            }

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

            Add(sql, PartitionsSql, filter, MySqlRowReaders.Partition);
            if (views.Count > 0)
            {
                var viewFilter = Filter("TABLE_SCHEMA", "TABLE_NAME", schemaParameter, views);
                Add(sql, ViewStatusSql, viewFilter, MySqlRowReaders.ViewStatus);
                Add(sql, ViewsSql, viewFilter, MySqlRowReaders.View);
            }

            schemaIndex++;
        }

        Sql = sql.ToString();
    }

    /// <summary>The statements, separated by semicolons; parameters are substituted by the driver as quoted constants.</summary>
    public string Sql { get; }

    public List<MySqlParameter> Parameters { get; } = [];

    /// <summary>How many statements (result sets) <see cref="Sql"/> holds.</summary>
    public int StatementCount => _readers.Count;

    /// <summary>Reads every result set of the command into a catalog, in statement order.</summary>
    public async Task<MySqlChunkMetadata> ReadAsync(MySqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var catalog = new MySqlChunkMetadata();
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
        return catalog;
    }

    private void Add(StringBuilder sql, string template, string filter, Action<MySqlDataReader, MySqlChunkMetadata> read)
    {
        sql.Append(template.Replace("{0}", filter, StringComparison.Ordinal)).Append(";\n");
        _readers.Add(read);
    }

    private static string Filter(string schemaColumn, string nameColumn, string schemaParameter, List<string> names) =>
        $"{schemaColumn} = {schemaParameter} AND {nameColumn} IN ({string.Join(", ", names)})";
}
