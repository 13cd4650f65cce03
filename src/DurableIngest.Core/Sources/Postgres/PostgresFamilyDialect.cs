using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// What differs between servers that speak PostgreSQL's protocol: the SQL issued for discovery and for a chunk, and
/// connection settings. The source runs the same flow for every dialect: list databases, schemas and relations
/// (names and OIDs), then per chunk one batch of catalog queries keyed by the chunk's OIDs.
/// </summary>
public abstract class PostgresFamilyDialect
{
    /// <summary>The <c>source.type</c> this dialect serves (lower case).</summary>
    public abstract string SourceType { get; }

    /// <summary>OpenMetadata's capitalised <c>serviceConnection.config.type</c>.</summary>
    public abstract string ServiceType { get; }

    public abstract int DefaultPort { get; }

    public abstract string DefaultDatabase { get; }

    /// <summary>Names of the databases to ingest when <c>ingestAllDatabases</c> is set (one column: datname).</summary>
    public abstract string DatabasesSql { get; }

    /// <summary>Schemas worth ingesting (one column: nspname).</summary>
    public abstract string SchemasSql { get; }

    /// <summary>Relations of those schemas: oid, nspname, relname, relkind, is_partition.</summary>
    public abstract string RelationsSql { get; }

    /// <summary>Relations the server lists without an OID (schemaname, tablename), or null when it has none.</summary>
    public virtual string? NamedRelationsSql => null;

    /// <summary>Applies the dialect's connection settings (statement timeout, compatibility mode) on top of the user's.</summary>
    public abstract void Configure(NpgsqlConnectionStringBuilder builder, PostgresOptions options);

    /// <summary>The statements of one chunk's batch, sent in one round trip.</summary>
    public abstract IReadOnlyList<MetadataQuery> ChunkQueries(ChunkRequest request);

    /// <summary>
    /// What the chunk's first batch could not answer from its own rows (types, tables outside the chunk that its foreign
    /// keys reference), sent as a second batch on the same connection; none by default.
    /// </summary>
    internal virtual IReadOnlyList<MetadataQuery> FollowUpQueries(ChunkMetadata chunk) => [];
}
