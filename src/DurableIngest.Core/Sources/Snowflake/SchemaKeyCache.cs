using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The keys of each schema, read once per run (per source instance) with <c>SHOW PRIMARY KEYS</c>,
/// <c>SHOW UNIQUE KEYS</c> and <c>SHOW IMPORTED KEYS IN SCHEMA</c> — never per table — and shared by every chunk of
/// the schema. A refusal (the role may not read the schema) is kept as the schema's failure; a transient failure or
/// a cancellation is not kept, so the chunk's retry asks again.
/// </summary>
internal sealed class SchemaKeyCache
{
    private readonly SnowflakeSqlClient _client;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Database, string Schema), Lazy<Task<SchemaKeys>>> _entries = new();

    public SchemaKeyCache(SnowflakeSqlClient client, ILogger logger)
    {
        _client = client;
        _logger = logger;
    }

    public async Task<SchemaKeys> GetAsync(string database, string schema, CancellationToken cancellationToken)
    {
        var key = (database, schema);
        var entry = _entries.GetOrAdd(key, k => new Lazy<Task<SchemaKeys>>(() => LoadAsync(k.Database, k.Schema, cancellationToken)));
        try
        {
            return await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<(string, string), Lazy<Task<SchemaKeys>>>(key, entry));
            throw;
        }
    }

    private async Task<SchemaKeys> LoadAsync(string database, string schema, CancellationToken cancellationToken)
    {
        try
        {
            var results = await Task.WhenAll(
                _client.ExecuteAsync(SnowflakeQueries.PrimaryKeys(database, schema), cancellationToken),
                _client.ExecuteAsync(SnowflakeQueries.UniqueKeys(database, schema), cancellationToken),
                _client.ExecuteAsync(SnowflakeQueries.ImportedKeys(database, schema), cancellationToken)).ConfigureAwait(false);
            return SchemaKeys.From(results[0], results[1], results[2]);
        }
        catch (SnowflakeApiException e) when (!e.IsTransient && !e.IsAuthenticationFailure)
        {
            SnowflakeLog.SchemaKeysFailed(_logger, $"{database}.{schema}", e.Message);
            return SchemaKeys.Failed(
                $"the keys of schema {database}.{schema} could not be read ({e.Message}); grant the role USAGE on the schema and a privilege on its tables, or exclude it with schemaFilterPattern");
        }
    }
}
