using System.Globalization;
using DurableIngest.Sources.Postgres;
using Npgsql;

namespace DurableIngest.Sources.Redshift;

/// <summary>
/// Amazon Redshift: PostgreSQL 8.0's catalog without partitions, foreign tables, indexes, check constraints, arrays
/// or <c>unnest</c>. OIDs are inlined as integer literals (Redshift takes no array parameters); constraint columns are
/// read from <c>pg_get_constraintdef</c>. Adds dist and sort keys (<c>pg_attribute.attisdistkey</c> /
/// <c>attsortkeyord</c>, the columns behind PG_TABLE_DEF, keyed by OID where PG_TABLE_DEF only shows the search
/// path), the dist style from SVV_TABLE_INFO, late-binding view columns and external tables (SVV_EXTERNAL_*).
/// </summary>
public sealed class RedshiftDialect : PostgresFamilyDialect
{
    public static readonly RedshiftDialect Instance = new();

    private const string SchemaFilter = """
        n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_internal', 'catalog_history', 'pg_automv', 'pg_auto_copy', 'pg_mv', 'pg_s3')
          AND n.nspname NOT LIKE 'pg\_toast%'
          AND n.nspname NOT LIKE 'pg\_temp\_%'
        """;

    public override string SourceType => "redshift";

    public override string ServiceType => "Redshift";

    public override int DefaultPort => 5439;

    public override string DefaultDatabase => "dev";

    public override string DatabasesSql => """
        SELECT datname FROM pg_catalog.pg_database
        WHERE NOT datistemplate AND datallowconn AND datname <> 'padb_harvest' AND has_database_privilege(datname, 'CONNECT')
        ORDER BY datname
        """;

    public override string SchemasSql => $"""
        SELECT n.nspname FROM pg_catalog.pg_namespace n
        WHERE {SchemaFilter}
        ORDER BY n.nspname
        """;

    public override string RelationsSql => $"""
        SELECT c.oid, n.nspname, c.relname, c.relkind::text, false
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v', 'm') AND {SchemaFilter}
        ORDER BY n.nspname, c.relname
        """;

    public override string? NamedRelationsSql => """
        SELECT schemaname, tablename FROM svv_external_tables ORDER BY schemaname, tablename
        """;

    public override void Configure(NpgsqlConnectionStringBuilder builder, PostgresOptions options)
    {
        // Redshift takes no statement_timeout startup option through every proxy: the client-side command timeout applies.
        ArgumentNullException.ThrowIfNull(builder);
    }

    public override IReadOnlyList<MetadataQuery> ChunkQueries(ChunkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queries = new List<MetadataQuery>(CoreQueries(request));
        if (request.Oids.Count > 0)
        {
            var oids = OidList(request.Oids);
            queries.Add(new MetadataQuery("keys", $"""
                SELECT a.attrelid, a.attname, a.attisdistkey, a.attsortkeyord
                FROM pg_catalog.pg_attribute a
                WHERE a.attrelid IN ({oids}) AND a.attnum > 0 AND NOT a.attisdropped AND (a.attisdistkey OR a.attsortkeyord <> 0)
                ORDER BY a.attrelid, abs(a.attsortkeyord)
                """, [], RedshiftRowReaders.Key));
            queries.Add(new MetadataQuery("table_info", $"""
                SELECT table_id, diststyle, sortkey1, sortkey_num FROM svv_table_info WHERE table_id IN ({oids})
                """, [], RedshiftRowReaders.TableInfo));
        }

        if (request.Views.Count > 0)
        {
            var (filter, parameters) = NameFilter("view_schema", "view_name", request.Views);
            queries.Add(new MetadataQuery("late_binding_columns", $"""
                SELECT view_schema, view_name, col_name, col_type, col_num
                FROM pg_get_late_binding_view_cols() cols(view_schema name, view_name name, col_name name, col_type varchar, col_num int)
                WHERE {filter}
                ORDER BY view_schema, view_name, col_num
                """, parameters, RedshiftRowReaders.LateBindingColumn));
        }

        if (request.NamedOnly.Count > 0)
        {
            var (tableFilter, tableParameters) = NameFilter("schemaname", "tablename", request.NamedOnly);
            queries.Add(new MetadataQuery("external_tables", $"""
                SELECT schemaname, tablename, location, input_format, output_format, serialization_lib
                FROM svv_external_tables WHERE {tableFilter}
                """, tableParameters, RedshiftRowReaders.ExternalTable));
            var (columnFilter, columnParameters) = NameFilter("schemaname", "tablename", request.NamedOnly);
            queries.Add(new MetadataQuery("external_columns", $"""
                SELECT schemaname, tablename, columnname, external_type, columnnum, part_key, is_nullable
                FROM svv_external_columns WHERE {columnFilter}
                ORDER BY schemaname, tablename, columnnum
                """, columnParameters, RedshiftRowReaders.ExternalColumn));
        }

        return queries;
    }

    /// <summary>
    /// The statements that read what PostgreSQL and Redshift share (relations, columns, types, constraints), written
    /// in the subset both accept, so tests run them against a real PostgreSQL.
    /// </summary>
    public static IReadOnlyList<MetadataQuery> CoreQueries(ChunkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Oids.Count == 0)
        {
            return [];
        }

        var oids = OidList(request.Oids);
        return
        [
            new MetadataQuery("relations", $"""
                SELECT c.oid, n.nspname, c.relname, c.relkind::text, false,
                       d.description,
                       pg_catalog.pg_get_userbyid(c.relowner),
                       CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
                       NULL::text, NULL::text, NULL::text[], NULL::text, NULL::int8, NULL::name, NULL::text, NULL::name, NULL::text
                FROM pg_catalog.pg_class c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_catalog.pg_description d ON d.objoid = c.oid AND d.objsubid = 0
                     AND d.classoid = (SELECT oid FROM pg_catalog.pg_class WHERE relname = 'pg_class' AND relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog'))
                WHERE c.oid IN ({oids})
                """, [], MetadataRowReaders.Relation),
            new MetadataQuery("columns", $"""
                SELECT a.attrelid, a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
                       a.atttypid, a.atttypmod, a.attnotnull, d.description, quote_ident(a.attname)
                FROM pg_catalog.pg_attribute a
                LEFT JOIN pg_catalog.pg_description d ON d.objoid = a.attrelid AND d.objsubid = a.attnum
                     AND d.classoid = (SELECT oid FROM pg_catalog.pg_class WHERE relname = 'pg_class' AND relnamespace = (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname = 'pg_catalog'))
                WHERE a.attrelid IN ({oids}) AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY a.attrelid, a.attnum
                """, [], MetadataRowReaders.Column),
            new MetadataQuery("types", $"""
                SELECT t.oid, t.typname, t.typtype::text, NULL::text, t.typelem, t.typbasetype, t.typtypmod
                FROM pg_catalog.pg_type t
                WHERE t.oid IN (SELECT a.atttypid FROM pg_catalog.pg_attribute a WHERE a.attrelid IN ({oids}) AND a.attnum > 0)
                """, [], MetadataRowReaders.Type),
            new MetadataQuery("constraints", $"""
                SELECT co.conrelid, co.conname, co.contype::text, rn.nspname, rc.relname, pg_catalog.pg_get_constraintdef(co.oid)
                FROM pg_catalog.pg_constraint co
                LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid
                LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
                WHERE co.conrelid IN ({oids}) AND co.contype IN ('p', 'u', 'f')
                ORDER BY co.conrelid, co.contype, co.conname
                """, [], MetadataRowReaders.ConstraintFromDefinition),
        ];
    }

    private static string OidList(IReadOnlyList<uint> oids) =>
        string.Join(", ", oids.Select(o => o.ToString(CultureInfo.InvariantCulture)));

    private static (string Filter, IReadOnlyList<NpgsqlParameter> Parameters) NameFilter(
        string schemaColumn, string nameColumn, IReadOnlyList<(string Schema, string Name)> names)
    {
        var parameters = new List<NpgsqlParameter>(names.Count * 2);
        var terms = new List<string>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            parameters.Add(new NpgsqlParameter($"s{i}", names[i].Schema));
            parameters.Add(new NpgsqlParameter($"n{i}", names[i].Name));
            terms.Add($"({schemaColumn} = @s{i} AND {nameColumn} = @n{i})");
        }

        return (string.Join(" OR ", terms), parameters);
    }
}
