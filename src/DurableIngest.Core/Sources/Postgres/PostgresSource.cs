using System.Collections.Concurrent;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Failures;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// A PostgreSQL-protocol database (PostgreSQL or Redshift, per <see cref="PostgresFamilyDialect"/>). Discovery lists names
/// and OIDs; a chunk is read with one batch of catalog queries per database, keyed by the chunk's OIDs.
/// Safe to share between concurrent chunk reads: connections come from one pooled data source per database.
/// </summary>
public sealed class PostgresSource : IMetadataSource
{
    public const string NotFoundError = "NotFound";

    private readonly PostgresOptions _options;
    private readonly PostgresFamilyDialect _dialect;
    private readonly SourceSettings _settings;
    private readonly TableAssembler _assembler;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lazy<NpgsqlDataSource>> _dataSources = new(StringComparer.Ordinal);

    public PostgresSource(PostgresOptions options, PostgresFamilyDialect dialect, SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _dialect = dialect;
        _settings = settings;
        _assembler = new TableAssembler(settings.ServiceName, settings.Metadata);
        _logger = context.LoggerFactory.CreateLogger<PostgresSource>();
    }

    public async Task<DiscoveryResult> DiscoverAsync(CancellationToken cancellationToken)
    {
        var discovery = new DiscoveryBuilder(_settings.ServiceName, _settings.Metadata);
        foreach (var database in await ListDatabasesAsync(cancellationToken))
        {
            if (!discovery.KeepDatabase(database))
            {
                continue;
            }

            try
            {
                await DiscoverDatabaseAsync(database, discovery, cancellationToken);
            }
            catch (PostgresException e) when (_options.IngestAllDatabases && !ErrorClassifier.IsTransient(e))
            {
                discovery.Warn($"database '{database}' skipped: {e.MessageText} ({e.SqlState})");
                _logger.LogWarning("Skipping database {Database}: {Reason}", database, e.MessageText);
            }
        }

        _logger.LogInformation("Discovered {Count} entities in {Schemas} schemas ({Filtered} filtered)", discovery.EntityCount, discovery.SchemaCount, discovery.FilteredCount);
        return discovery.Build();
    }

    public async Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var results = new EntityReadResult[entities.Count];
        foreach (var group in entities.Select((entity, index) => (Entity: entity, Index: index)).GroupBy(x => x.Entity.Database, StringComparer.Ordinal))
        {
            var members = group.ToList();
            var chunk = await ReadMetadataAsync(group.Key, new ChunkRequest([.. members.Select(m => m.Entity)]), cancellationToken);
            foreach (var (entity, index) in members)
            {
                var table = chunk is null ? null : _assembler.Assemble(entity, chunk);
                results[index] = table is null
                    ? EntityReadResult.Failed(entity, $"{entity.DisplayName} was not found: it was dropped or renamed after discovery", NotFoundError)
                    : EntityReadResult.Success(entity, table);
            }
        }

        return results;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in _dataSources.Values.Where(d => d.IsValueCreated))
        {
            await dataSource.Value.DisposeAsync();
        }

        _dataSources.Clear();
    }

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource(_options.Database).OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT version()", connection);
        return $"{await command.ExecuteScalarAsync(cancellationToken)} (database '{_options.Database}')";
    }

    private async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken cancellationToken)
    {
        if (!_options.IngestAllDatabases)
        {
            return [_options.Database];
        }

        var databases = new List<string>();
        await using var connection = await DataSource(_options.Database).OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(_dialect.DatabasesSql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            databases.Add(reader.GetString(0));
        }

        return databases;
    }

    private async Task DiscoverDatabaseAsync(string database, DiscoveryBuilder discovery, CancellationToken cancellationToken)
    {
        var metadata = _settings.Metadata;
        await using var connection = await DataSource(database).OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_dialect.SchemasSql));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(_dialect.RelationsSql));
        if (_dialect.NamedRelationsSql is { } namedSql)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(namedSql));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var keptSchemas = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(0);
            if (discovery.KeepSchema(database, schema))
            {
                keptSchemas.Add(schema);
            }
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(1);
            var isPartition = reader.GetBoolean(4);
            if (!keptSchemas.Contains(schema) || (isPartition && !metadata.IncludePartitions))
            {
                continue;
            }

            var kind = MetadataRowReaders.Char(reader, 3) switch
            {
                'p' => TableType.Partitioned,
                'v' => TableType.View,
                'm' => TableType.MaterializedView,
                'f' => TableType.Foreign,
                _ => TableType.Regular,
            };
            discovery.Add(new DiscoveredEntity(database, schema, reader.GetString(2), kind, reader.GetFieldValue<uint>(0)));
        }

        if (_dialect.NamedRelationsSql is not null && await reader.NextResultAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var schema = reader.GetString(0);
                if (keptSchemas.Contains(schema))
                {
                    discovery.Add(new DiscoveredEntity(database, schema, reader.GetString(1), TableType.External));
                }
            }
        }
    }

    /// <summary>The chunk's catalog for one database, or null when the database itself is gone.</summary>
    private async Task<ChunkMetadata?> ReadMetadataAsync(string database, ChunkRequest request, CancellationToken cancellationToken)
    {
        var queries = _dialect.ChunkQueries(request);
        var chunk = new ChunkMetadata();
        try
        {
            await using var connection = await DataSource(database).OpenConnectionAsync(cancellationToken);
            await RunBatchAsync(connection, queries, chunk, cancellationToken);
            if (_dialect.FollowUpQueries(chunk) is { Count: > 0 } followUps)
            {
                await RunBatchAsync(connection, followUps, chunk, cancellationToken);
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            _logger.LogWarning("Database {Database} no longer exists: {Count} entities not found", database, request.Oids.Count + request.NamedOnly.Count);
            return null;
        }
        catch (PostgresException e) when (IsConcurrentDdl(e))
        {
            // A relation dropped while the batch ran: the retry sees a consistent catalog, and the dropped table as not found.
            throw new TransientException($"the catalog changed while reading a chunk of database '{database}': {e.MessageText}", e);
        }

        return chunk;
    }

    private static async Task RunBatchAsync(NpgsqlConnection connection, IReadOnlyList<MetadataQuery> queries, ChunkMetadata chunk, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        foreach (var query in queries)
        {
            var command = new NpgsqlBatchCommand(query.Sql);
            foreach (var parameter in query.Parameters)
            {
                command.Parameters.Add(parameter);
            }

            batch.BatchCommands.Add(command);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var index = 0;
        do
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                queries[index].ReadRow(reader, chunk);
            }

            index++;
        }
        while (await reader.NextResultAsync(cancellationToken));
    }

    private static bool IsConcurrentDdl(PostgresException e) =>
        e.SqlState == PostgresErrorCodes.InternalError
        && (e.MessageText.StartsWith("could not open relation", StringComparison.Ordinal)
            || e.MessageText.StartsWith("cache lookup failed", StringComparison.Ordinal));

    private NpgsqlDataSource DataSource(string database) =>
        _dataSources.GetOrAdd(database, d => new Lazy<NpgsqlDataSource>(() => CreateDataSource(d))).Value;

    private NpgsqlDataSource CreateDataSource(string database)
    {
        // The slim builder carries only what is enabled (Native AOT keeps the binary small): the built-in types with arrays
        // of them (names, oids, int2[] and text[] columns), TLS for the sslmode options, and GSS/SSPI for the Kerberos
        // keywords connectionOptions may pass through. Nothing else is read or sent.
        var builder = new NpgsqlSlimDataSourceBuilder(PostgresConnectionStrings.Build(_options, _dialect, database))
            .EnableArrays()
            .EnableTransportSecurity()
            .EnableIntegratedSecurity();

        // Only built-in types are read: skip loading the server's type catalogue per data source.
        builder.ConfigureTypeLoading(typeLoading => typeLoading.EnableTypeLoading(false));
        return builder.Build();
    }
}
