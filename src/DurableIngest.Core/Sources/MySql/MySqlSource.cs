using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// A MySQL or MariaDB server. Its schemas (MySQL's databases) become schemas of one catalog database,
/// <see cref="MySqlOptions.DatabaseName"/>. Discovery lists names in one round trip; a chunk is read with one
/// multi-statement information_schema command (<see cref="MySqlChunkQuery"/>). Safe to share between concurrent
/// chunk reads: connections come from one pooled data source.
/// </summary>
public sealed class MySqlSource : IMetadataSource
{
    private const string SchemasSql = "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE {0} ORDER BY SCHEMA_NAME";

    private const string TablesSql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES WHERE {0} ORDER BY TABLE_SCHEMA, TABLE_NAME";

    private readonly MySqlOptions _options;
    private readonly SourceSettings _settings;
    private readonly MySqlTableAssembler _assembler;
    private readonly ILogger _logger;
    private readonly Lazy<MySqlDataSource> _dataSource;
    private MySqlServerFlavor? _flavor;

    public MySqlSource(MySqlOptions options, SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _settings = settings;
        _assembler = new MySqlTableAssembler(settings.ServiceName);
        _logger = context.LoggerFactory.CreateLogger<MySqlSource>();
        _dataSource = new Lazy<MySqlDataSource>(() => MySqlDataSources.Create(options));
    }

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return $"{connection.ServerVersion} at {_options.Host}:{_options.Port}";
    }

    public async Task<DiscoveryResult> DiscoverAsync(CancellationToken cancellationToken)
    {
        var database = _options.DatabaseName;
        var discovery = new DiscoveryBuilder(_settings.ServiceName, _settings.Metadata);
        if (!discovery.KeepDatabase(database))
        {
            return discovery.Build();
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var (schemaFilter, tableFilter) = _options.DatabaseSchema is null
            ? ($"SCHEMA_NAME NOT IN ({SystemSchemaList()})", $"TABLE_SCHEMA NOT IN ({SystemSchemaList()})")
            : ("SCHEMA_NAME = @schema", "TABLE_SCHEMA = @schema");
        command.CommandText = SchemasSql.Replace("{0}", schemaFilter, StringComparison.Ordinal) + ";\n" + TablesSql.Replace("{0}", tableFilter, StringComparison.Ordinal);
        if (_options.DatabaseSchema is not null)
        {
            command.Parameters.AddWithValue("@schema", _options.DatabaseSchema);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        var visibleSchemas = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(0);
            visibleSchemas++;
            if (discovery.KeepSchema(database, schema))
            {
                kept.Add(schema);
            }
        }

        if (_options.DatabaseSchema is { } only && visibleSchemas == 0)
        {
            discovery.Warn($"databaseSchema '{only}' is not visible to user '{_options.Username}' on {_options.Host}:{_options.Port}: it does not exist, "
                + "or the user has no privilege in it; nothing was ingested. Check the name (it is case-sensitive on most servers) or grant SELECT on it");
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var schema = reader.GetString(0);
            if (!kept.Contains(schema))
            {
                continue;
            }

            var kind = reader.GetString(2) switch
            {
                "VIEW" or "SYSTEM VIEW" => TableType.View,
                "SEQUENCE" => (TableType?)null,
                _ => TableType.Regular,
            };
            if (kind is { } type)
            {
                discovery.Add(new DiscoveredEntity(database, schema, reader.GetString(1), type));
            }
        }

        _logger.LogInformation("Discovered {Count} entities in {Schemas} schemas ({Filtered} filtered)", discovery.EntityCount, discovery.SchemaCount, discovery.FilteredCount);
        return discovery.Build();
    }

    public async Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        if (entities.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);
        var catalog = new MySqlChunkMetadata();
        var query = new MySqlChunkQuery(entities, _flavor!);
        await ReadAsync(connection, query, catalog, cancellationToken);
        if (MySqlChunkQuery.ForPartitions(catalog) is { } partitions)
        {
            await ReadAsync(connection, partitions, catalog, cancellationToken);
        }

        return [.. entities.Select(entity => _assembler.Assemble(entity, catalog))];
    }

    private static async Task ReadAsync(MySqlConnection connection, MySqlChunkQuery query, MySqlChunkMetadata catalog, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = query.Sql;
        command.Parameters.AddRange(query.Parameters.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await query.ReadAsync(reader, catalog, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated)
        {
            await _dataSource.Value.DisposeAsync();
        }
    }

    /// <summary>A pooled connection; the first one tells which server this is. A failed login or an unreachable server names the host and user.</summary>
    private async Task<MySqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await _dataSource.Value.OpenConnectionAsync(cancellationToken);
            _flavor ??= MySqlServerFlavor.Parse(connection.ServerVersion);
            return connection;
        }
        catch (MySqlException e)
        {
            var what = e.ErrorCode is MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied
                ? "check username and the password (authType.password), and that this user may connect from this machine"
                : "check hostPort, that the server is running and reachable from here, and sslMode";
            throw new MySqlConnectException(
                $"cannot connect to MySQL at {_options.Host}:{_options.Port} as user '{_options.Username}': {e.Message} (error {(int)e.ErrorCode}); {what}", e);
        }
    }

    private static string SystemSchemaList() => string.Join(", ", MySqlOptions.SystemSchemas.Select(s => $"'{s}'"));
}
