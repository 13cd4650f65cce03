using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// A Snowflake account read through the SQL API v2 (<see cref="SnowflakeSqlClient"/>). Discovery is one statement per
/// database (names and kinds from INFORMATION_SCHEMA); a chunk is read with at most three INFORMATION_SCHEMA statements
/// per database, whatever its size, and the keys of each schema come from three SHOW commands read once per run
/// (<see cref="SchemaKeyCache"/>). A schema or database the role may not read becomes failed entities or a warning,
/// never a failed run; refused credentials fail discovery naming the account. Safe to share between concurrent chunk reads.
/// </summary>
public sealed class SnowflakeSource : IMetadataSource
{
    public const string NotFoundError = "NotFound";

    private readonly SnowflakeOptions _options;
    private readonly SourceSettings _settings;
    private readonly SnowflakeCredential _credential;
    private readonly SnowflakeSqlClient _client;
    private readonly SchemaKeyCache _keys;
    private readonly SnowflakeTableAssembler _assembler;
    private readonly ILogger _logger;

    public SnowflakeSource(SnowflakeOptions options, SourceSettings settings, ConnectorContext context)
        : this(options, settings, context, null)
    {
    }

    internal SnowflakeSource(SnowflakeOptions options, SourceSettings settings, ConnectorContext context, HttpClient? http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _settings = settings;
        _logger = context.LoggerFactory.CreateLogger<SnowflakeSource>();
        _credential = options.CreateCredential();
        _client = new SnowflakeSqlClient(options, _credential, context.Time, _logger, http);
        _keys = new SchemaKeyCache(_client, _logger);
        _assembler = new SnowflakeTableAssembler(settings.ServiceName, settings.Metadata);
        if (options.PasswordIgnored)
        {
            SnowflakeLog.PasswordIgnored(_logger, _credential.Setting);
        }
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

            SnowflakeResult result;
            try
            {
                result = await _client.ExecuteAsync(SnowflakeQueries.Discover(database), cancellationToken);
            }
            catch (SnowflakeApiException e) when (_options.Database is null && !e.IsTransient && !e.IsAuthenticationFailure)
            {
                discovery.Warn($"database '{database}' skipped: {e.Message}");
                SnowflakeLog.DatabaseSkipped(_logger, database, e.Message);
                continue;
            }

            AddDatabase(database, result, discovery);
        }

        if (_options.IncludeStreams)
        {
            discovery.Warn("includeStreams is true, but streams are not ingested: no INFORMATION_SCHEMA view lists them; set includeStreams to false to silence this warning");
        }

        SnowflakeLog.Discovered(_logger, discovery.EntityCount, discovery.SchemaCount, discovery.FilteredCount);
        return discovery.Build();
    }

    public async Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entities);
        var results = new EntityReadResult[entities.Count];
        var groups = entities.Select((entity, index) => (Entity: entity, Index: index)).GroupBy(x => x.Entity.Database, StringComparer.Ordinal);
        await Task.WhenAll(groups.Select(group => ReadDatabaseAsync(group.Key, [.. group], results, cancellationToken)));
        return results;
    }

    public ValueTask DisposeAsync()
    {
        _credential.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken cancellationToken)
    {
        if (_options.Database is { } database)
        {
            return [database];
        }

        var result = await _client.ExecuteAsync(SnowflakeQueries.ShowDatabases(), cancellationToken);
        var name = result.IndexOf("name");
        return [.. result.Rows.Select(r => r[name]).OfType<string>().Order(StringComparer.Ordinal)];
    }

    private void AddDatabase(string database, SnowflakeResult result, DiscoveryBuilder discovery)
    {
        var (schemaColumn, nameColumn, typeColumn) = (result.IndexOf("SCHEMA_NAME"), result.IndexOf("TABLE_NAME"), result.IndexOf("TABLE_TYPE"));
        var (transientColumn, icebergColumn) = (result.IndexOf("IS_TRANSIENT"), result.IndexOf("IS_ICEBERG"));
        var metadata = _settings.Metadata;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in result.Rows)
        {
            var schema = row[schemaColumn] ?? string.Empty;
            if (seen.Add(schema) && discovery.KeepSchema(database, schema))
            {
                kept.Add(schema);
            }

            if (!kept.Contains(schema) || row[nameColumn] is not { } name
                || SnowflakeTableAssembler.DiscoveryKind(row[typeColumn], SnowflakeChunkMetadata.Yes(row[icebergColumn])) is not { } kind)
            {
                continue;
            }

            var isView = kind is TableType.View or TableType.MaterializedView;
            var transientLeftOut = !isView && SnowflakeChunkMetadata.Yes(row[transientColumn]) && !_options.IncludeTransientTables && metadata.IncludeTables;
            discovery.Add(new DiscoveredEntity(database, schema, name, kind), transientLeftOut ? "includeTransientTables is false" : null);
        }
    }

    private async Task ReadDatabaseAsync(
        string database, List<(DiscoveredEntity Entity, int Index)> members, EntityReadResult[] results, CancellationToken cancellationToken)
    {
        var entities = members.Select(m => m.Entity).ToList();
        var views = entities.Where(e => e.Kind is TableType.View or TableType.MaterializedView or TableType.SecureView).ToList();
        var schemaNames = entities.Select(e => e.Schema).Distinct(StringComparer.Ordinal).ToList();
        SnowflakeChunkMetadata chunk;
        Dictionary<string, SchemaKeys> keys;
        try
        {
            var tables = _client.ExecuteAsync(SnowflakeQueries.Tables(database, entities), cancellationToken);
            var columns = _client.ExecuteAsync(SnowflakeQueries.Columns(database, entities), cancellationToken);
            var viewRows = views.Count == 0 ? Task.FromResult<SnowflakeResult?>(null) : ViewsAsync(database, views, cancellationToken);
            var schemaKeys = Task.WhenAll(schemaNames.Select(s => _keys.GetAsync(database, s, cancellationToken)));
            await Task.WhenAll(tables, columns, viewRows, schemaKeys);
            chunk = SnowflakeChunkMetadata.From(tables.Result, columns.Result, viewRows.Result);
            keys = schemaNames.Zip(schemaKeys.Result).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        }
        catch (SnowflakeApiException e) when (!e.IsTransient && !e.IsAuthenticationFailure)
        {
            foreach (var (entity, index) in members)
            {
                results[index] = EntityReadResult.Failed(entity, $"cannot read {entity.DisplayName}: {e.Message}", nameof(SnowflakeApiException));
            }

            return;
        }

        foreach (var (entity, index) in members)
        {
            var schemaKeys = keys[entity.Schema];
            var table = schemaKeys.Failure is null ? _assembler.Assemble(entity, chunk, schemaKeys) : null;
            results[index] = schemaKeys.Failure is { } failure
                ? EntityReadResult.Failed(entity, $"cannot read {entity.DisplayName}: {failure}", nameof(SnowflakeApiException))
                : table is null
                    ? EntityReadResult.Failed(entity, $"{entity.DisplayName} was not found: it was dropped or renamed after discovery, or the role may no longer see it", NotFoundError)
                    : EntityReadResult.Success(entity, table);
        }
    }

    private async Task<SnowflakeResult?> ViewsAsync(string database, List<DiscoveredEntity> views, CancellationToken cancellationToken) =>
        await _client.ExecuteAsync(SnowflakeQueries.Views(database, views), cancellationToken);
}
