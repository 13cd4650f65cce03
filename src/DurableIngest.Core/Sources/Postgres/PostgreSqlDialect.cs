using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// PostgreSQL 11 and later. A chunk costs one round trip: five catalog statements filtered by <c>= ANY(@oids)</c>, each
/// an index lookup per relation (pg_class, pg_attribute, pg_description, pg_constraint and pg_index are all indexed on
/// the relation OID), so the cost grows with the chunk, never with the database. A second round trip reads the types
/// the server did not pin at bootstrap (enums, domains, extension types) and the names of tables outside the chunk that its
/// foreign keys reference, only for chunks that have them.
/// </summary>
public sealed class PostgreSqlDialect : PostgresFamilyDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    private const string SchemaFilter = """
        n.nspname NOT IN ('pg_catalog', 'information_schema')
          AND n.nspname NOT LIKE 'pg\_toast%'
          AND n.nspname NOT LIKE 'pg\_temp\_%'
        """;

    // What only some relations have (partitioning, a parent, a foreign server) is read by subqueries behind CASE, which
    // run for those relations alone: left joins probed their catalogs once per relation of the chunk.
    private const string RelationsChunkSql = """
        SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relispartition,
               NULL::text,
               pg_catalog.pg_get_userbyid(c.relowner),
               CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,
               CASE WHEN c.relkind = 'p' THEN (SELECT pt.partstrat::text FROM pg_catalog.pg_partitioned_table pt WHERE pt.partrelid = c.oid) END,
               CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
               CASE WHEN c.relkind = 'p' THEN ARRAY(
                   SELECT a.attname::text FROM pg_catalog.pg_partitioned_table pt
                   CROSS JOIN unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                   WHERE pt.partrelid = c.oid ORDER BY k.ord) END,
               CASE WHEN c.relkind = 'p' THEN (
                   SELECT string_agg(t.typcategory::text, '' ORDER BY k.ord) FROM pg_catalog.pg_partitioned_table pt
                   CROSS JOIN unnest(pt.partattrs::int2[]) WITH ORDINALITY k(attnum, ord)
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                   JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                   WHERE pt.partrelid = c.oid) END,
               CASE WHEN c.relkind = 'p' THEN (SELECT count(*) FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid) END,
               CASE WHEN c.relispartition THEN (
                   SELECT pc.relname FROM pg_catalog.pg_inherits pi JOIN pg_catalog.pg_class pc ON pc.oid = pi.inhparent
                   WHERE pi.inhrelid = c.oid) END,
               CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
               CASE WHEN c.relkind = 'f' THEN (
                   SELECT fs.srvname FROM pg_catalog.pg_foreign_table ft JOIN pg_catalog.pg_foreign_server fs ON fs.oid = ft.ftserver
                   WHERE ft.ftrelid = c.oid) END,
               quote_ident(n.nspname) || '.' || quote_ident(c.relname)
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY(@oids)
        """;

    // Comments come from the descriptions statement: one probe of pg_description per relation, where a join here
    // probed it once per column (most columns have no comment). The server spells only types it did not pin at bootstrap:
    // the others are spelled client-side (BuiltInTypes), which saves a format_type call per column. The quoted name
    // comes only where quoting changes it (most names need none).
    private const string ColumnsChunkSql = """
        SELECT a.attrelid, a.attnum, a.attname,
               CASE WHEN a.atttypid >= 10000::oid THEN pg_catalog.format_type(a.atttypid, a.atttypmod) END,
               a.atttypid, a.atttypmod, a.attnotnull, NULL::text, NULLIF(quote_ident(a.attname), a.attname::text)
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = ANY(@oids) AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """;

    // Table comments (objsubid 0) and column comments (objsubid = attnum) of the chunk's relations.
    private const string DescriptionsChunkSql = """
        SELECT d.objoid, d.objsubid, d.description
        FROM pg_catalog.pg_description d
        WHERE d.objoid = ANY(@oids) AND d.classoid = 'pg_catalog.pg_class'::regclass
        """;

    // The types the chunk's columns use that BuiltInTypes does not know, plus array element and domain base types,
    // recursively (domains over domains): a second round trip, only for chunks that use such types. The pg_type lookups
    // are LATERAL with OFFSET 0 so they stay index lookups per type: a join was planned as a scan of all of pg_type.
    private const string TypesSql = """
        WITH RECURSIVE used(oid) AS (
            SELECT DISTINCT u.oid FROM unnest(@types) u(oid)
            UNION
            SELECT x.oid FROM used u
            CROSS JOIN LATERAL (SELECT t.typelem, t.typbasetype FROM pg_catalog.pg_type t WHERE t.oid = u.oid OFFSET 0) t
            CROSS JOIN LATERAL (VALUES (t.typelem), (t.typbasetype)) x(oid)
            WHERE x.oid <> 0
        )
        SELECT t.oid, t.typname, t.typtype::text, t.typcategory::text, t.typelem, t.typbasetype, t.typtypmod
        FROM used u
        CROSS JOIN LATERAL (SELECT * FROM pg_catalog.pg_type t WHERE t.oid = u.oid OFFSET 0) t
        """;

    // The spelling of pinned types BuiltInTypes cannot spell itself (an interval restricted to some fields, a type it
    // does not list), in the same round trip as the types.
    private const string TypeSpellingsSql = """
        SELECT k.oid, k.modifier, pg_catalog.format_type(k.oid, k.modifier)
        FROM unnest(@types, @modifiers) k(oid, modifier)
        """;

    // Foreign keys that reference a partitioned table are cloned once per referenced partition on the same table
    // (conparentid points at the original on the same conrelid): those clones are skipped.
    // Columns come back as attnums and the referenced table as its OID: both are named client-side from the chunk's own
    // relations and columns, or by the follow-up batch for tables outside the chunk. Naming them here cost three
    // quarters of this statement (a pg_class, pg_namespace and pg_attribute probe per foreign key).
    private const string ConstraintsChunkSql = """
        SELECT co.conrelid, co.conname, co.contype::text, co.conkey, co.confrelid, co.confkey,
               CASE WHEN co.contype = 'c' THEN pg_catalog.pg_get_constraintdef(co.oid) END
        FROM pg_catalog.pg_constraint co
        WHERE co.conrelid = ANY(@oids) AND co.contype IN ('p', 'u', 'f', 'c')
          AND (co.conparentid = 0 OR NOT EXISTS (
              SELECT FROM pg_catalog.pg_constraint parent WHERE parent.oid = co.conparentid AND parent.conrelid = co.conrelid))
        ORDER BY co.conrelid, co.contype, co.conname
        """;

    // Tables outside the chunk that its foreign keys reference, and their referenced columns (one index probe each).
    private const string ReferencedRelationsSql = """
        SELECT c.oid, n.nspname, c.relname
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY(@relations)
        """;

    private const string ReferencedColumnsSql = """
        SELECT k.relation, k.ordinal, a.attname
        FROM unnest(@relations, @ordinals) k(relation, ordinal)
        CROSS JOIN LATERAL (SELECT a.attname FROM pg_catalog.pg_attribute a WHERE a.attrelid = k.relation AND a.attnum = k.ordinal OFFSET 0) a
        """;

    // The index definition is assembled client-side from the key attnums, the columns and the relation already read:
    // pg_get_indexdef opens every index's relcache entry, which made it the most expensive statement of the batch by far.
    // Only expression keys and partial-index predicates call a deparser, and only for the indexes that have them.
    private const string IndexesChunkSql = """
        SELECT i.indrelid, ic.relname, quote_ident(ic.relname), i.indisunique, i.indkey::int2[], i.indoption::int2[], i.indnkeyatts,
               am.amname,
               CASE WHEN 0 = ANY(i.indkey::int2[]) THEN ARRAY(
                   SELECT pg_catalog.pg_get_indexdef(i.indexrelid, k, false) FROM generate_series(1, i.indnatts::int) k ORDER BY k) END,
               CASE WHEN i.indpred IS NOT NULL THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid, false) END
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_catalog.pg_am am ON am.oid = ic.relam
        WHERE i.indrelid = ANY(@oids)
        ORDER BY i.indrelid, ic.relname
        """;

    public override string SourceType => "postgres";

    public override string ServiceType => "Postgres";

    public override int DefaultPort => 5432;

    public override string DefaultDatabase => "postgres";

    public override string DatabasesSql => """
        SELECT datname FROM pg_catalog.pg_database
        WHERE NOT datistemplate AND datallowconn AND has_database_privilege(datname, 'CONNECT')
        ORDER BY datname
        """;

    public override string SchemasSql => $"""
        SELECT n.nspname FROM pg_catalog.pg_namespace n
        WHERE {SchemaFilter}
        ORDER BY n.nspname
        """;

    public override string RelationsSql => $"""
        SELECT c.oid, n.nspname, c.relname, c.relkind::text, c.relispartition
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {SchemaFilter}
        ORDER BY n.nspname, c.relname
        """;

    public override void Configure(NpgsqlConnectionStringBuilder builder, PostgresOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var settings = "-c statement_timeout=" + (options.StatementTimeoutSeconds * 1000L).ToString(CultureInfo.InvariantCulture);

        // The chunk statements repeat with a different OID array each time: prepared once per connection and planned
        // generically, they skip re-planning (planning `= ANY(array)` costs per element, more than executing it).
        if (!options.ConnectionOptions.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = 16;
            builder.AutoPrepareMinUsages = 2;
            settings += " -c plan_cache_mode=force_generic_plan";
        }

        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? settings : builder.Options + " " + settings;
    }

    public override IReadOnlyList<MetadataQuery> ChunkQueries(ChunkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var oids = request.Oids.ToArray();
        return
        [
            new MetadataQuery("relations", RelationsChunkSql, [OidsParameter("oids", oids)], MetadataRowReaders.Relation),
            new MetadataQuery("columns", ColumnsChunkSql, [OidsParameter("oids", oids)], MetadataRowReaders.Column),
            new MetadataQuery("descriptions", DescriptionsChunkSql, [OidsParameter("oids", oids)], MetadataRowReaders.Description),
            new MetadataQuery("constraints", ConstraintsChunkSql, [OidsParameter("oids", oids)], MetadataRowReaders.ConstraintWithKeys),
            new MetadataQuery("indexes", IndexesChunkSql, [OidsParameter("oids", oids)], MetadataRowReaders.Index),
        ];
    }

    internal override IReadOnlyList<MetadataQuery> FollowUpQueries(ChunkMetadata chunk)
    {
        ArgumentNullException.ThrowIfNull(chunk);
        var queries = new List<MetadataQuery>(4);
        if (chunk.UnknownTypes.Count > 0)
        {
            queries.Add(new MetadataQuery("types", TypesSql, [OidsParameter("types", [.. chunk.UnknownTypes])], MetadataRowReaders.Type));
        }

        if (chunk.UnspelledTypes.Count > 0)
        {
            queries.Add(new MetadataQuery(
                "type_spellings",
                TypeSpellingsSql,
                [
                    OidsParameter("types", [.. chunk.UnspelledTypes.Select(t => t.Oid)]),
                    new NpgsqlParameter("modifiers", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = chunk.UnspelledTypes.Select(t => t.Modifier).ToArray() },
                ],
                MetadataRowReaders.TypeSpelling));
        }

        var outside = chunk.Constraints.Values.SelectMany(c => c)
            .Where(c => c.ReferencedRelation != 0 && !chunk.Relations.ContainsKey(c.ReferencedRelation))
            .SelectMany(c => c.ReferencedKeys.Select(key => (Relation: c.ReferencedRelation, Ordinal: key)))
            .Distinct()
            .ToList();
        if (outside.Count > 0)
        {
            queries.Add(new MetadataQuery(
                "referenced_relations",
                ReferencedRelationsSql,
                [OidsParameter("relations", [.. outside.Select(r => r.Relation).Distinct()])],
                MetadataRowReaders.ReferencedRelation));
            queries.Add(new MetadataQuery(
                "referenced_columns",
                ReferencedColumnsSql,
                [
                    OidsParameter("relations", [.. outside.Select(r => r.Relation)]),
                    new NpgsqlParameter("ordinals", NpgsqlDbType.Array | NpgsqlDbType.Smallint) { Value = outside.Select(r => r.Ordinal).ToArray() },
                ],
                MetadataRowReaders.ReferencedColumn));
        }

        return queries;
    }

    private static NpgsqlParameter OidsParameter(string name, uint[] oids) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Oid) { Value = oids };
}
