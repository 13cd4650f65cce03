using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Failures;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// Reads the catalog of one SQLite database file, opened read-only. Discovery is one query on
/// <c>sqlite_schema</c>; a chunk is read with four batched queries however many tables it holds
/// (see <see cref="SqliteMetadataQueries"/>). Only the <c>main</c> schema is read. SQLite has no comment catalog, so
/// descriptions come from the comments kept in each CREATE statement (see <see cref="SqliteDdlComments"/>).
/// An entity gone since discovery is a <c>NotFound</c> failure; a busy or locked database throws a transient
/// <see cref="SqliteException"/> that the workflow retries.
/// </summary>
public sealed class SqliteSource : IMetadataSource
{
    private readonly SqliteSourceOptions _options;
    private readonly DatabaseMetadataOptions _metadata;
    private readonly SchemaRef _schema;
    private readonly ILogger _logger;
    private readonly Func<string, SqliteConnection> _connectionFactory;
    private readonly string _connectionString;

    internal SqliteSource(
        SqliteSourceOptions options,
        string serviceName,
        DatabaseMetadataOptions metadata,
        ConnectorContext context,
        Func<string, SqliteConnection> connectionFactory)
    {
        _options = options;
        _metadata = metadata;
        _schema = new SchemaRef(serviceName, options.Database, SqliteSourceOptions.MainSchema);
        _logger = context.LoggerFactory.CreateLogger<SqliteSource>();
        _connectionFactory = connectionFactory;
        // No pooling: the user's file is not kept open once a discovery or a chunk is done.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.FilePath ?? SqliteSourceOptions.InMemory,
            Mode = options.IsInMemory ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
    }

    public async Task<DiscoveryResult> DiscoverAsync(CancellationToken cancellationToken)
    {
        var discovery = new DiscoveryBuilder(_schema.Service, _metadata);
        if (_options.IsInMemory)
        {
            discovery.Warn($"databaseMode is {SqliteSourceOptions.InMemory}: an empty in-memory database, so there is nothing to ingest; set databaseMode to the database file's path");
        }

        if (!discovery.KeepDatabase(_schema.Database) || !discovery.KeepSchema(_schema.Database, _schema.Schema))
        {
            return discovery.Build();
        }

        await using var connection = await OpenAsync(cancellationToken);
        var rows = await SqliteMetadataQueries.QueryAsync(
            connection,
            SqliteMetadataQueries.Discover,
            namesJson: null,
            r => (Name: r.GetString(0), IsView: string.Equals(r.GetString(1), "view", StringComparison.Ordinal)),
            cancellationToken);

        foreach (var (name, isView) in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            discovery.Add(new DiscoveredEntity(_schema.Database, _schema.Schema, name, isView ? TableType.View : TableType.Regular));
        }

        _logger.LogInformation(
            "Discovered {Count} tables and views in {Database} ({Filtered} filtered out)", discovery.EntityCount, _options.DatabaseMode, discovery.FilteredCount);
        return discovery.Build();
    }

    public async Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var names = entities.Where(IsOurs).Select(e => e.Name).Distinct(StringComparer.Ordinal).ToList();
        var tables = new Dictionary<string, TableMetadata>(StringComparer.Ordinal);
        var failures = new Dictionary<string, SqliteException>(StringComparer.Ordinal);
        if (names.Count > 0)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                AddTables(tables, await SqliteMetadataQueries.ReadAsync(connection, names, cancellationToken));
            }
            catch (SqliteException e) when (!ErrorClassifier.IsTransient(e))
            {
                // A view over a dropped table (or a virtual table whose module is missing) makes the pragmas fail
                // for the whole batch. Only then is each entity read alone, so that only the broken one fails.
                _logger.LogWarning("Reading {Count} entities together failed ({Message}); reading them one by one", names.Count, e.Message);
                await ReadOneByOneAsync(connection, names, tables, failures, cancellationToken);
            }
        }

        return [.. entities.Select(entity => ToResult(entity, tables, failures))];
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task ReadOneByOneAsync(
        SqliteConnection connection,
        List<string> names,
        Dictionary<string, TableMetadata> tables,
        Dictionary<string, SqliteException> failures,
        CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            try
            {
                AddTables(tables, await SqliteMetadataQueries.ReadAsync(connection, [name], cancellationToken));
            }
            catch (SqliteException e) when (!ErrorClassifier.IsTransient(e))
            {
                failures[name] = e;
            }
        }
    }

    private void AddTables(Dictionary<string, TableMetadata> tables, SqliteMetadataRows rows)
    {
        foreach (var row in rows.Objects)
        {
            tables[row.Name] = SqliteTableBuilder.Build(row, rows, _schema);
        }
    }

    private EntityReadResult ToResult(DiscoveredEntity entity, Dictionary<string, TableMetadata> tables, Dictionary<string, SqliteException> failures)
    {
        if (IsOurs(entity) && tables.TryGetValue(entity.Name, out var table))
        {
            return EntityReadResult.Success(entity, table);
        }

        if (IsOurs(entity) && failures.TryGetValue(entity.Name, out var failure))
        {
            return EntityReadResult.Failed(entity, $"cannot read {entity.DisplayName}: {failure.Message}", nameof(SqliteException));
        }

        return EntityReadResult.Failed(
            entity,
            $"not found: {entity.DisplayName} is no longer a table or view of {_options.DatabaseMode} (dropped or renamed since discovery)",
            "NotFound");
    }

    private bool IsOurs(DiscoveredEntity entity) =>
        string.Equals(entity.Database, _schema.Database, StringComparison.Ordinal)
        && string.Equals(entity.Schema, _schema.Schema, StringComparison.Ordinal);

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return $"SQLite {await command.ExecuteScalarAsync(cancellationToken)} ({_options.DatabaseMode})";
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _connectionFactory(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
