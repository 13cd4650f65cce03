using System.Text;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// Every statement the source sends. Discovery: <c>SHOW DATABASES</c> (only when no <c>database</c> is set) and one
/// statement per database over <c>INFORMATION_SCHEMA.SCHEMATA</c> and <c>TABLES</c> (names and kinds; empty schemas
/// too). A chunk: per database, <c>TABLES</c>, <c>COLUMNS</c> and, when the chunk holds views, <c>VIEWS</c>, each
/// filtered by the chunk's names as bound TEXT values; per schema, the three SHOW ... KEYS IN SCHEMA commands, read
/// once per run. Databases and schemas are double-quoted, so names are used exactly as Snowflake stores them.
/// </summary>
public static class SnowflakeQueries
{
    public static SnowflakeStatement ShowDatabases() => new("SHOW DATABASES", null);

    /// <summary>Every schema of the database (but INFORMATION_SCHEMA) with its tables and views, an empty schema as one row without a table.</summary>
    public static SnowflakeStatement Discover(string database)
    {
        var db = SnowflakeIdentifier.Quote(database);
        return new SnowflakeStatement(
            $"SELECT s.SCHEMA_NAME, t.TABLE_NAME, t.TABLE_TYPE, t.IS_TRANSIENT, t.IS_ICEBERG, t.IS_DYNAMIC " +
            $"FROM {db}.INFORMATION_SCHEMA.SCHEMATA s " +
            $"LEFT JOIN {db}.INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = s.SCHEMA_NAME " +
            $"WHERE s.SCHEMA_NAME <> 'INFORMATION_SCHEMA' " +
            $"ORDER BY s.SCHEMA_NAME, t.TABLE_NAME",
            database);
    }

    public static SnowflakeStatement Tables(string database, IReadOnlyList<DiscoveredEntity> entities) =>
        Filtered(
            database,
            "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_OWNER, IS_TRANSIENT, IS_ICEBERG, IS_DYNAMIC, CLUSTERING_KEY, COMMENT " +
            $"FROM {SnowflakeIdentifier.Quote(database)}.INFORMATION_SCHEMA.TABLES",
            entities,
            "TABLE_SCHEMA, TABLE_NAME");

    public static SnowflakeStatement Columns(string database, IReadOnlyList<DiscoveredEntity> entities) =>
        Filtered(
            database,
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, IS_NULLABLE, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE, COMMENT " +
            $"FROM {SnowflakeIdentifier.Quote(database)}.INFORMATION_SCHEMA.COLUMNS",
            entities,
            "TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION");

    public static SnowflakeStatement Views(string database, IReadOnlyList<DiscoveredEntity> views) =>
        Filtered(
            database,
            $"SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, IS_SECURE FROM {SnowflakeIdentifier.Quote(database)}.INFORMATION_SCHEMA.VIEWS",
            views,
            "TABLE_SCHEMA, TABLE_NAME");

    public static SnowflakeStatement PrimaryKeys(string database, string schema) => Show("PRIMARY KEYS", database, schema);

    public static SnowflakeStatement UniqueKeys(string database, string schema) => Show("UNIQUE KEYS", database, schema);

    public static SnowflakeStatement ImportedKeys(string database, string schema) => Show("IMPORTED KEYS", database, schema);

    private static SnowflakeStatement Show(string what, string database, string schema) =>
        new($"SHOW {what} IN SCHEMA {SnowflakeIdentifier.Quote(database)}.{SnowflakeIdentifier.Quote(schema)}", database);

    // WHERE (TABLE_SCHEMA = ? AND TABLE_NAME IN (?, ?)) OR (...): one group per schema, every name a bound TEXT value.
    private static SnowflakeStatement Filtered(string database, string select, IReadOnlyList<DiscoveredEntity> entities, string orderBy)
    {
        var sql = new StringBuilder(select).Append(" WHERE ");
        var bindings = new List<string>();
        var first = true;
        foreach (var schema in entities.GroupBy(e => e.Schema, StringComparer.Ordinal))
        {
            var names = schema.Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
            sql.Append(first ? "(" : " OR (").Append("TABLE_SCHEMA = ? AND TABLE_NAME IN (")
                .Append(string.Join(", ", Enumerable.Repeat("?", names.Count))).Append("))");
            bindings.Add(schema.Key);
            bindings.AddRange(names);
            first = false;
        }

        sql.Append(" ORDER BY ").Append(orderBy);
        return new SnowflakeStatement(sql.ToString(), database, bindings);
    }
}
