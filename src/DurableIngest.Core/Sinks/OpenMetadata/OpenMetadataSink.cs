using System.Text.Json;
using System.Text.Json.Nodes;
using DurableIngest.Catalog;
using DurableIngest.Connectors;
using DurableIngest.Sinks.OpenMetadata.Requests;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The <c>metadata-rest</c> sink: creates or updates, by PUT, the database service, databases and schemas (once per
/// run, before their tables) and then the tables, in bulk when the server offers it. A table the server refuses
/// (4xx) is a failure carrying the server's message; refused credentials fail the batch; a server that stays
/// unavailable after the retries throws <see cref="TransientException"/> so the workflow retries the chunk.
/// </summary>
public sealed class OpenMetadataSink : ICatalogSink
{
    /// <summary>The first release with <c>PUT /v1/tables/bulk</c>; older servers are not probed (a 404/405 answer also turns bulk off).</summary>
    public static readonly Version FirstBulkVersion = new(1, 11, 0);

    /// <summary>From this release <c>tablePartition</c> lists <c>partitionColumnDetails</c>; before it, column names plus one interval type.</summary>
    public static readonly Version FirstPartitionDetailsVersion = new(1, 4, 0);

    private const string TablesPath = "v1/tables";
    private const string BulkTablesPath = "v1/tables/bulk";

    private readonly OpenMetadataSinkOptions _options;
    private readonly ServiceDescriptor _service;
    private readonly OpenMetadataClient _client;
    private readonly OpenMetadataRunState _run;
    private readonly ILogger _logger;

    internal OpenMetadataSink(OpenMetadataSinkOptions options, ConnectorContext context, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        _options = options;
        _service = context.Service ?? throw new InvalidOperationException(
            "The metadata-rest sink needs the run's service (ConnectorContext.Service) to create the database service.");
        _logger = context.LoggerFactory.CreateLogger<OpenMetadataSink>();
        _client = new OpenMetadataClient(options, context.Time, _logger, http);
        _run = OpenMetadataRunState.For(options.ApiBase, context.RunId);
    }

    public async Task<IReadOnlyList<SinkWriteResult>> WriteAsync(IReadOnlyList<TableMetadata> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new SinkWriteResult?[tables.Count];
        var version = await GetServerVersionAsync(cancellationToken).ConfigureAwait(false);
        var partitionDetails = version is null || version >= FirstPartitionDetailsVersion;

        var sendable = new List<int>();
        for (var i = 0; i < tables.Count; i++)
        {
            if (TableRequestFactory.FindProblem(tables[i]) is { } problem)
            {
                results[i] = Failed(tables[i].FullyQualifiedName, FailureDetail.WriteStage, problem, "InvalidEntity");
            }
            else
            {
                sendable.Add(i);
            }
        }

        var writable = new List<int>();
        foreach (var group in sendable.GroupBy(i => tables[i].Schema))
        {
            var parent = await EnsureSchemaAsync(group.Key, cancellationToken).ConfigureAwait(false);
            foreach (var i in group)
            {
                if (parent.Succeeded)
                {
                    writable.Add(i);
                }
                else
                {
                    results[i] = Failed(tables[i].FullyQualifiedName, FailureDetail.WriteStage, parent.FailureMessage!, "ParentRejected");
                }
            }
        }

        var batch = writable.Select(i => tables[i]).ToList();
        await LearnReferredTablesAsync(batch, cancellationToken).ConfigureAwait(false);
        var pending = writable.Select(i => Prepare(i, tables[i], partitionDetails)).ToList();
        if (pending.Count > 0)
        {
            if (ShouldUseBulk(version))
            {
                await WriteBulkAsync(pending, results, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WriteEachAsync(pending, results, cancellationToken).ConfigureAwait(false);
            }

            await CompleteForeignKeysAsync(pending, results, partitionDetails, cancellationToken).ConfigureAwait(false);
        }

        return results!;
    }

    public async Task<IReadOnlyList<SinkWriteResult>> MarkDeletedAsync(IReadOnlyList<DeletedTable> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var results = new List<SinkWriteResult>(tables.Count);
        foreach (var table in tables)
        {
            var fqn = table.FullyQualifiedName;
            var response = await _client.DeleteAsync(
                $"{TablesPath}/name/{Uri.EscapeDataString(fqn)}?hardDelete=false&recursive=false", cancellationToken).ConfigureAwait(false);
            ThrowIfAuthFailure(response, "DELETE /v1/tables/name/{fqn}");
            results.Add(response.IsSuccess || response.StatusCode == 404
                ? new SinkWriteResult(fqn, SinkOutcome.Deleted)
                : Failed(fqn, FailureDetail.DeleteStage, $"OpenMetadata refused the soft delete ({response.StatusCode}): {response.Message}", "OpenMetadataRejected"));
        }

        return results;
    }

    /// <summary>
    /// Asks the server its version, which every run asks first anyway (the answer is kept for the run's chunks): any
    /// answer but a 5xx means the server is there; no answer after the request's retries fails the check.
    /// </summary>
    public async Task CheckReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _run.GetVersionAsync(LookUpVersionAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientException e)
        {
            throw new TransientException(
                $"OpenMetadata at {_client.ApiBase} ({OpenMetadataSinkOptions.HostPortPath}) is not available: {e.Message}. "
                + "Start the server, or correct hostPort, then run the workflow again; nothing was read or written.",
                e);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private PendingTable Prepare(int index, TableMetadata table, bool partitionDetails)
    {
        var request = TableRequestFactory.Build(table, partitionDetails, _run.IsKnownTable, out var missing);
        return new PendingTable(index, table, request, OpenMetadataJson.Serialize(request), missing);
    }

    private async Task<Version?> GetServerVersionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _run.GetVersionAsync(LookUpVersionAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (TransientException)
        {
            // Not knowing the version only means probing the bulk endpoint; the next batch asks again.
            return null;
        }
    }

    // Shared by every chunk of the run (see EnsureParentAsync), so no single caller's token may cancel it.
    private async Task<Version?> LookUpVersionAsync()
    {
        var response = await _client.GetAsync("v1/system/version", CancellationToken.None).ConfigureAwait(false);
        Version? version = null;
        if (response.IsSuccess)
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("version", out var text) && text.ValueKind == JsonValueKind.String)
                {
                    version = ParseVersion(text.GetString()!);
                }
            }
            catch (JsonException)
            {
                version = null;
            }
        }

        var bulk = _options.Bulk switch
        {
            BulkMode.Never => "not used (bulk: never)",
            BulkMode.Always => "used (bulk: always)",
            _ => version is null ? "probed" : version >= FirstBulkVersion ? "used" : "not offered",
        };
        OpenMetadataLog.ServerVersion(_logger, _client.ApiBase.AbsoluteUri, version?.ToString() ?? "unknown", bulk);
        return version;
    }

    internal static Version? ParseVersion(string text)
    {
        var digits = new string([.. text.Trim().TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]).Trim('.');
        var parts = digits.Split('.', StringSplitOptions.RemoveEmptyEntries).Take(3).ToList();
        while (parts.Count is > 0 and < 2)
        {
            parts.Add("0");
        }

        return parts.Count >= 2 && Version.TryParse(string.Join('.', parts), out var version) ? version : null;
    }

    private bool ShouldUseBulk(Version? version) => _options.Bulk switch
    {
        BulkMode.Never => false,
        BulkMode.Always => true,
        _ => _run.BulkAvailable ?? (version is null || version >= FirstBulkVersion),
    };

    private async Task<ParentOutcome> EnsureSchemaAsync(SchemaRef schema, CancellationToken cancellationToken)
    {
        var serviceFqn = Fqn.Join(schema.Service);
        var service = await _run.EnsureParentAsync(
            "service " + serviceFqn,
            () => PutParentAsync("v1/services/databaseServices", BuildServiceRequest(schema.Service), "database service", serviceFqn),
            cancellationToken).ConfigureAwait(false);
        if (!service.Succeeded)
        {
            return service;
        }

        var database = await _run.EnsureParentAsync(
            "database " + schema.DatabaseFqn,
            () => PutParentAsync("v1/databases", OpenMetadataJson.Serialize(new CreateDatabaseRequest { Name = schema.Database, Service = serviceFqn }), "database", schema.DatabaseFqn),
            cancellationToken).ConfigureAwait(false);
        if (!database.Succeeded)
        {
            return database;
        }

        return await _run.EnsureParentAsync(
            "schema " + schema.FullyQualifiedName,
            () => PutParentAsync("v1/databaseSchemas", OpenMetadataJson.Serialize(new CreateDatabaseSchemaRequest { Name = schema.Schema, Database = schema.DatabaseFqn }), "database schema", schema.FullyQualifiedName),
            cancellationToken).ConfigureAwait(false);
    }

    private byte[] BuildServiceRequest(string name)
    {
        var config = new JsonObject { ["type"] = _service.ServiceType };
        foreach (var (key, value) in _service.Connection.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key == "type")
            {
                continue;
            }

            config[key] = bool.TryParse(value, out var flag) ? JsonValue.Create(flag) : JsonValue.Create(value);
        }

        return OpenMetadataJson.Serialize(new CreateDatabaseServiceRequest
        {
            Name = name,
            ServiceType = _service.ServiceType,
            Connection = new JsonObject { ["config"] = config },
        });
    }

    // Shared by every chunk of the run that needs this parent, so one caller's cancellation must not cancel it.
    private async Task<ParentOutcome> PutParentAsync(string path, byte[] body, string kind, string fqn)
    {
        var response = await _client.PutAsync(path, body, CancellationToken.None).ConfigureAwait(false);
        ThrowIfAuthFailure(response, "PUT /" + path);
        return response.IsSuccess
            ? ParentOutcome.Success
            : ParentOutcome.Failed($"OpenMetadata refused the {kind} '{fqn}' ({response.StatusCode}): {response.Message}");
    }

    private async Task LearnReferredTablesAsync(IReadOnlyList<TableMetadata> batch, CancellationToken cancellationToken)
    {
        var inBatch = new HashSet<string>(batch.Select(t => t.FullyQualifiedName), StringComparer.Ordinal);
        var unknown = batch.SelectMany(TableRequestFactory.ReferredTables)
            .Where(fqn => !inBatch.Contains(fqn) && !_run.IsKnownTable(fqn))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var fqn in unknown)
        {
            var response = await _client.GetAsync($"{TablesPath}/name/{Uri.EscapeDataString(fqn)}?include=all", cancellationToken).ConfigureAwait(false);
            ThrowIfAuthFailure(response, "GET /v1/tables/name/{fqn}");
            if (response.IsSuccess)
            {
                _run.AddKnownTable(fqn);
            }
        }
    }

    private async Task WriteEachAsync(IEnumerable<PendingTable> pending, SinkWriteResult?[] results, CancellationToken cancellationToken)
    {
        foreach (var table in pending)
        {
            var response = await _client.PutAsync(TablesPath, table.Body, cancellationToken).ConfigureAwait(false);
            ThrowIfAuthFailure(response, "PUT /v1/tables");
            if (response.IsSuccess)
            {
                _run.AddKnownTable(table.FullyQualifiedName);
                results[table.Index] = new SinkWriteResult(table.FullyQualifiedName, response.StatusCode == 201 ? SinkOutcome.Created : SinkOutcome.Updated);
            }
            else
            {
                results[table.Index] = Failed(
                    table.FullyQualifiedName,
                    FailureDetail.WriteStage,
                    $"OpenMetadata refused the table ({response.StatusCode}): {response.Message}",
                    "OpenMetadataRejected");
            }
        }
    }

    private async Task WriteBulkAsync(List<PendingTable> pending, SinkWriteResult?[] results, CancellationToken cancellationToken)
    {
        var response = await _client.PutAsync(BulkTablesPath, JoinArray(pending), cancellationToken).ConfigureAwait(false);
        ThrowIfAuthFailure(response, "PUT /v1/tables/bulk");
        if (response.StatusCode is 404 or 405)
        {
            if (_options.Bulk == BulkMode.Always)
            {
                throw new InvalidOperationException(
                    $"sink.config.bulk is 'always' but OpenMetadata at {_client.ApiBase} has no bulk tables endpoint (HTTP {response.StatusCode}); set sink.config.bulk to auto or never.");
            }

            _run.SetBulkAvailable(false);
            OpenMetadataLog.NoBulk(_logger, _client.ApiBase.AbsoluteUri, response.StatusCode);
            await WriteEachAsync(pending, results, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!response.IsSuccess)
        {
            // A bulk is refused as a whole (one malformed entity fails the array); alone, each table gets its own verdict.
            OpenMetadataLog.BulkRefused(_logger, pending.Count, response.StatusCode, response.Message);
            await WriteEachAsync(pending, results, cancellationToken).ConfigureAwait(false);
            return;
        }

        _run.SetBulkAvailable(true);
        var confirmed = ReadConfirmed(response.Body, pending);
        var resend = new List<PendingTable>();
        foreach (var table in pending)
        {
            if (confirmed.TryGetValue(table.FullyQualifiedName, out var outcome))
            {
                _run.AddKnownTable(table.FullyQualifiedName);
                results[table.Index] = new SinkWriteResult(table.FullyQualifiedName, outcome);
            }
            else
            {
                resend.Add(table);
            }
        }

        // A bulk failure names no status code; sent alone, the table gets a definite answer and the server's own message.
        await WriteEachAsync(resend, results, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The tables the bulk answer confirms as written, with Created or Updated.</summary>
    private static Dictionary<string, SinkOutcome> ReadConfirmed(string body, List<PendingTable> pending)
    {
        var confirmed = new Dictionary<string, SinkOutcome>(StringComparer.Ordinal);
        BulkOperationResult? result;
        try
        {
            result = JsonSerializer.Deserialize<BulkOperationResult>(body, OpenMetadataJson.Options);
        }
        catch (JsonException)
        {
            return confirmed;
        }

        if (result is null)
        {
            return confirmed;
        }

        var byFqn = pending.ToDictionary(p => p.FullyQualifiedName, StringComparer.Ordinal);
        foreach (var success in result.SuccessRequest ?? [])
        {
            if (FindTable(success.Request, byFqn, pending) is { } fqn)
            {
                confirmed[fqn] = success.Message?.Contains("creat", StringComparison.OrdinalIgnoreCase) == true ? SinkOutcome.Created : SinkOutcome.Updated;
            }
        }

        if (confirmed.Count < pending.Count && result.NumberOfRowsFailed == 0 && (result.FailedRequest?.Count ?? 0) == 0
            && result.NumberOfRowsPassed >= pending.Count)
        {
            foreach (var table in pending)
            {
                confirmed.TryAdd(table.FullyQualifiedName, SinkOutcome.Updated);
            }
        }

        return confirmed;
    }

    private static string? FindTable(JsonElement? request, Dictionary<string, PendingTable> byFqn, List<PendingTable> pending)
    {
        switch (request)
        {
            case { ValueKind: JsonValueKind.Object } entity
                when entity.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && entity.TryGetProperty("databaseSchema", out var schema) && schema.ValueKind == JsonValueKind.String:
                var fqn = schema.GetString() + "." + Fqn.Quote(name.GetString()!);
                return byFqn.ContainsKey(fqn) ? fqn : null;
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString()!;
                if (byFqn.ContainsKey(value))
                {
                    return value;
                }

                var named = pending.Where(p => p.Table.Name == value).ToList();
                return named.Count == 1 ? named[0].FullyQualifiedName : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Sends again, with their foreign keys, the tables whose keys waited for a table written since: in this batch,
    /// or (waiting from an earlier batch of this run in this process) for a table of this batch.
    /// </summary>
    private async Task CompleteForeignKeysAsync(List<PendingTable> pending, SinkWriteResult?[] results, bool partitionDetails, CancellationToken cancellationToken)
    {
        var retry = new Dictionary<string, (TableMetadata Table, int SentForeignKeys)>(StringComparer.Ordinal);
        foreach (var table in pending.Where(p => results[p.Index] is { Outcome: not SinkOutcome.Failed }))
        {
            if (table.MissingTables.Count > 0)
            {
                retry[table.FullyQualifiedName] = (table.Table, CountForeignKeys(table.Request));
            }

            foreach (var waiting in _run.TakeWaiting(table.FullyQualifiedName))
            {
                retry.TryAdd(waiting.FullyQualifiedName, (waiting, -1));
            }
        }

        while (retry.Count > 0)
        {
            await LearnReferredTablesAsync([.. retry.Values.Select(r => r.Table)], cancellationToken).ConfigureAwait(false);
            var next = new Dictionary<string, (TableMetadata Table, int SentForeignKeys)>(StringComparer.Ordinal);
            foreach (var (fqn, (table, sent)) in retry)
            {
                var request = TableRequestFactory.Build(table, partitionDetails, _run.IsKnownTable, out var missing);
                foreach (var referred in missing)
                {
                    _run.WaitForTable(referred, table);
                    OpenMetadataLog.ForeignKeysDeferred(_logger, fqn, referred);
                }

                if (CountForeignKeys(request) > sent)
                {
                    var response = await _client.PutAsync(TablesPath, OpenMetadataJson.Serialize(request), cancellationToken).ConfigureAwait(false);
                    ThrowIfAuthFailure(response, "PUT /v1/tables");
                    if (!response.IsSuccess)
                    {
                        OpenMetadataLog.ForeignKeysRefused(_logger, fqn, response.StatusCode, response.Message);
                    }
                }

                // The referred table may have been written by another chunk between our check and our note.
                foreach (var referred in missing.Where(_run.IsKnownTable))
                {
                    foreach (var waiting in _run.TakeWaiting(referred))
                    {
                        next.TryAdd(waiting.FullyQualifiedName, (waiting, -1));
                    }
                }
            }

            retry = next;
        }
    }

    private static int CountForeignKeys(CreateTableRequest request) =>
        request.TableConstraints?.Count(c => c.ConstraintType == ConstraintType.ForeignKey) ?? 0;

    private static byte[] JoinArray(List<PendingTable> pending)
    {
        var size = 2 + pending.Sum(p => p.Body.Length + 1);
        var buffer = new byte[size - (pending.Count > 0 ? 1 : 0)];
        var offset = 0;
        buffer[offset++] = (byte)'[';
        for (var i = 0; i < pending.Count; i++)
        {
            if (i > 0)
            {
                buffer[offset++] = (byte)',';
            }

            pending[i].Body.CopyTo(buffer, offset);
            offset += pending[i].Body.Length;
        }

        buffer[offset] = (byte)']';
        return buffer;
    }

    private void ThrowIfAuthFailure(OpenMetadataResponse response, string request)
    {
        if (response.IsAuthFailure)
        {
            throw OpenMetadataAuthorizationException.From(response, request, _client.HasToken);
        }
    }

    private static SinkWriteResult Failed(string fqn, string stage, string message, string errorType) =>
        SinkWriteResult.Failed(fqn, new FailureDetail(fqn, stage, message, errorType));
}
