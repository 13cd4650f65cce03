using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableIngest.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>
/// A strict stand-in for an OpenMetadata server, on 127.0.0.1 at a free port. It holds services, databases, schemas
/// and tables by FQN and enforces the contract a real server does: the routes, required fields, closed enums, no
/// unknown property at any level (400), parents before children (404), the Bearer token (401) and the server's table
/// rules. It records every call, and injects faults (500, 429 with Retry-After, slow answers) on request.
/// </summary>
public sealed class OpenMetadataStandIn : IAsyncDisposable
{
    private const string Api = "/api/v1";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, StoredEntity> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredEntity> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredEntity> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredEntity> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rejectedTables = new(StringComparer.Ordinal);
    private readonly List<RecordedCall> _calls = [];
    private WebApplication? _app;
    private long _sequence;

    private OpenMetadataStandIn(TimeProvider time) => Time = time;

    /// <summary>The API base, ending in <c>/api</c> (what <c>openMetadataServerConfig.hostPort</c> holds).</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The Bearer token required; null accepts calls without one.</summary>
    public string? Token { get; set; }

    /// <summary>What <c>GET /v1/system/version</c> answers; null answers 404. Default 1.6.1.</summary>
    public string? Version { get; set; } = "1.6.1";

    /// <summary>Whether <c>PUT /v1/tables/bulk</c> exists; when not, it answers 405 like an older server.</summary>
    public bool BulkEnabled { get; set; }

    public StandInFaults Faults { get; } = new();

    public TimeProvider Time { get; }

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<StoredEntity> Tables => Snapshot(_tables);

    public IReadOnlyList<StoredEntity> Services => Snapshot(_services);

    public IReadOnlyList<StoredEntity> Databases => Snapshot(_databases);

    public IReadOnlyList<StoredEntity> Schemas => Snapshot(_schemas);

    /// <summary>Calls that broke the contract (not counting injected faults).</summary>
    public IReadOnlyList<RecordedCall> ContractRejections => [.. Calls.Where(c => c.BrokeContract)];

    public static async Task<OpenMetadataStandIn> StartAsync(TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var standIn = new OpenMetadataStandIn(time ?? TimeProvider.System);
        await standIn.StartServerAsync(0, cancellationToken);
        return standIn;
    }

    /// <summary>Starts on a given loopback port: a server that comes up where a workflow already points.</summary>
    public static async Task<OpenMetadataStandIn> StartOnPortAsync(int port, CancellationToken cancellationToken = default)
    {
        var standIn = new OpenMetadataStandIn(TimeProvider.System);
        await standIn.StartServerAsync(port, cancellationToken);
        return standIn;
    }

    public StoredEntity? FindTable(string fqn)
    {
        lock (_lock)
        {
            return _tables.GetValueOrDefault(fqn);
        }
    }

    /// <summary>Answers 400 with <paramref name="message"/> for the table, as a server rule or policy would.</summary>
    public void RejectTable(string fqn, string message)
    {
        lock (_lock)
        {
            _rejectedTables[fqn] = message;
        }
    }

    /// <summary>Adds a table directly, as if an earlier run had written it (its schema need not exist).</summary>
    public void SeedTable(string fqn, string json)
    {
        lock (_lock)
        {
            _tables[fqn] = new StoredEntity { Kind = "table", FullyQualifiedName = fqn, Body = JsonDocument.Parse(json).RootElement.Clone() };
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task StartServerAsync(int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();

        app.MapGet(Api + "/system/version", (HttpContext context) => HandleAsync(context, requiresToken: false, GetVersionAsync));
        app.MapPut(Api + "/services/databaseServices", (HttpContext context) => HandleAsync(context, true, PutServiceAsync));
        app.MapPut(Api + "/databases", (HttpContext context) => HandleAsync(context, true, PutDatabaseAsync));
        app.MapPut(Api + "/databaseSchemas", (HttpContext context) => HandleAsync(context, true, PutSchemaAsync));
        app.MapPut(Api + "/tables", (HttpContext context) => HandleAsync(context, true, PutTableAsync));
        app.MapPut(Api + "/tables/bulk", (HttpContext context) => HandleAsync(context, true, PutTablesBulkAsync));
        app.MapGet(Api + "/tables/name/{**fqn}", (HttpContext context) => HandleAsync(context, true, GetTableAsync));
        app.MapDelete(Api + "/tables/name/{**fqn}", (HttpContext context) => HandleAsync(context, true, DeleteTableAsync));
        app.MapFallback((HttpContext context) => HandleAsync(context, false, NoRouteAsync));

        await app.StartAsync(cancellationToken);
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/api";
    }

    private async Task HandleAsync(HttpContext context, bool requiresToken, Func<HttpContext, Task<Answer>> handler)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var method = context.Request.Method;
        string? body = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        context.Items["body"] = body;
        var (fault, slow) = Faults.Draw(method, context.Request.Path);
        if (slow)
        {
            try
            {
                await Task.Delay(Faults.SlowDelay, Time, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Record(method, target, 499, false, true, "the client gave up waiting", body);
                return;
            }
        }

        Answer answer;
        if (fault is { } status)
        {
            answer = Answer.Fault(status, $"Injected fault {status}");
            if (status is 429 or 503)
            {
                context.Response.Headers.RetryAfter = Faults.RetryAfterAsDate
                    ? Time.GetUtcNow().AddSeconds(Faults.RetryAfterSeconds).ToString("R", CultureInfo.InvariantCulture)
                    : Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (requiresToken && Token is not null && context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            answer = Answer.Broken(401, context.Request.Headers.Authorization.Count == 0 ? "Not Authorized! Token not present" : "Not Authorized! Invalid token");
        }
        else
        {
            answer = await handler(context);
        }

        Record(method, target, answer.Status, answer.BrokeContract, answer.Injected, answer.Json is null ? answer.Message : null, body);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.Json ?? JsonSerializer.Serialize(new { code = answer.Status, message = answer.Message }));
    }

    private void Record(string method, string target, int status, bool brokeContract, bool injected, string? message, string? body)
    {
        lock (_lock)
        {
            _calls.Add(new RecordedCall(++_sequence, Time.GetUtcNow(), method, target, status, brokeContract, injected, message, body));
        }
    }

    private static Task<Answer> NoRouteAsync(HttpContext context) =>
        Task.FromResult(Answer.Broken(404, $"HTTP 404 Not Found: no route {context.Request.Method} {context.Request.Path}"));

    private Task<Answer> GetVersionAsync(HttpContext context) => Task.FromResult(
        Version is null
            ? Answer.Ok(404, JsonSerializer.Serialize(new { code = 404, message = "HTTP 404 Not Found" }))
            : Answer.Ok(200, JsonSerializer.Serialize(new { version = Version, revision = "stand-in", timestamp = 0 })));

    private Version ServerVersion =>
        Version is not null && System.Version.TryParse(new string([.. Version.TakeWhile(c => char.IsAsciiDigit(c) || c == '.')]), out var parsed)
            ? parsed
            : new Version(1, 6, 1);

    private Task<Answer> PutServiceAsync(HttpContext context) => Task.FromResult(PutEntity(context, OpenMetadataContract.CreateDatabaseService, body =>
    {
        var serviceType = body.GetProperty("serviceType").GetString();
        var config = body.GetProperty("connection").GetProperty("config");
        if (config.ValueKind != JsonValueKind.Object || !config.TryGetProperty("type", out var type) || type.GetString() != serviceType)
        {
            return (null, Answer.Broken(400, $"connection.config.type must be the serviceType '{serviceType}'"));
        }

        return (Fqn.Quote(body.GetProperty("name").GetString()!), null);
    }, _services, "databaseService"));

    private Task<Answer> PutDatabaseAsync(HttpContext context) => Task.FromResult(PutEntity(context, OpenMetadataContract.CreateDatabase, body =>
    {
        var service = body.GetProperty("service").GetString()!;
        return _services.ContainsKey(service)
            ? (service + "." + Fqn.Quote(body.GetProperty("name").GetString()!), null)
            : (null, Answer.Broken(404, $"databaseService instance for {service} not found"));
    }, _databases, "database"));

    private Task<Answer> PutSchemaAsync(HttpContext context) => Task.FromResult(PutEntity(context, OpenMetadataContract.CreateDatabaseSchema, body =>
    {
        var database = body.GetProperty("database").GetString()!;
        return _databases.ContainsKey(database)
            ? (database + "." + Fqn.Quote(body.GetProperty("name").GetString()!), null)
            : (null, Answer.Broken(404, $"database instance for {database} not found"));
    }, _schemas, "databaseSchema"));

    private Task<Answer> PutTableAsync(HttpContext context) =>
        Task.FromResult(PutEntity(context, OpenMetadataContract.CreateTable(ServerVersion), ResolveTable, _tables, "table"));

    private (string? Fqn, Answer? Refusal) ResolveTable(JsonElement body)
    {
        var schema = body.GetProperty("databaseSchema").GetString()!;
        if (!_schemas.ContainsKey(schema))
        {
            return (null, Answer.Broken(404, $"databaseSchema instance for {schema} not found"));
        }

        var fqn = schema + "." + Fqn.Quote(body.GetProperty("name").GetString()!);
        if (_rejectedTables.TryGetValue(fqn, out var rejection))
        {
            return (null, Answer.Fault(400, rejection));
        }

        return OpenMetadataContract.CheckTableRules(body, ColumnsOf) is { } problem ? (null, Answer.Broken(400, problem)) : (fqn, null);
    }

    private IReadOnlyCollection<string>? ColumnsOf(string tableFqn) =>
        _tables.TryGetValue(tableFqn, out var table) && table.Body.TryGetProperty("columns", out var columns) && columns.ValueKind == JsonValueKind.Array
            ? [.. columns.EnumerateArray().Select(c => c.TryGetProperty("name", out var n) ? n.GetString() ?? string.Empty : string.Empty)]
            : null;

    private Answer PutEntity(
        HttpContext context,
        JsonSpec spec,
        Func<JsonElement, (string? Fqn, Answer? Refusal)> resolve,
        Dictionary<string, StoredEntity> store,
        string kind)
    {
        if (!TryParse(context, out var body, out var parseError))
        {
            return parseError!;
        }

        if (spec.Validate(body, string.Empty) is { } violation)
        {
            return Answer.Broken(400, violation);
        }

        lock (_lock)
        {
            var (fqn, refusal) = resolve(body);
            if (refusal is not null)
            {
                return refusal;
            }

            var created = Upsert(store, kind, fqn!, body);
            return Answer.Ok(created ? 201 : 200, EntityJson(kind, fqn!, body));
        }
    }

    private Task<Answer> PutTablesBulkAsync(HttpContext context) => Task.FromResult(PutTablesBulk(context));

    private Answer PutTablesBulk(HttpContext context)
    {
        if (!BulkEnabled)
        {
            return Answer.Ok(405, JsonSerializer.Serialize(new { code = 405, message = "HTTP 405 Method Not Allowed" }));
        }

        if (!TryParse(context, out var body, out var parseError))
        {
            return parseError!;
        }

        if (body.ValueKind != JsonValueKind.Array)
        {
            return Answer.Broken(400, "Cannot deserialize value of type `java.util.ArrayList<CreateTable>` from Object value");
        }

        var spec = OpenMetadataContract.CreateTable(ServerVersion);
        var index = 0;
        foreach (var item in body.EnumerateArray())
        {
            if (spec.Validate(item, $"[{index++}]") is { } violation)
            {
                return Answer.Broken(400, violation);
            }
        }

        var succeeded = new JsonArray();
        var failed = new JsonArray();
        var brokeContract = false;
        lock (_lock)
        {
            foreach (var item in body.EnumerateArray())
            {
                var (fqn, refusal) = ResolveTable(item);
                if (refusal is not null)
                {
                    brokeContract |= refusal.BrokeContract;
                    failed.Add(new JsonObject { ["request"] = JsonNode.Parse(item.GetRawText()), ["message"] = refusal.Message });
                    continue;
                }

                var created = Upsert(_tables, "table", fqn!, item);
                succeeded.Add(new JsonObject
                {
                    ["request"] = JsonNode.Parse(item.GetRawText()),
                    ["message"] = created ? "Entity created successfully" : "Entity updated successfully",
                });
            }
        }

        var result = new JsonObject
        {
            ["status"] = failed.Count == 0 ? "success" : succeeded.Count == 0 ? "failure" : "partialSuccess",
            ["numberOfRowsProcessed"] = succeeded.Count + failed.Count,
            ["numberOfRowsPassed"] = succeeded.Count,
            ["numberOfRowsFailed"] = failed.Count,
            ["successRequest"] = succeeded,
            ["failedRequest"] = failed,
        };
        return new Answer(200, null, result.ToJsonString(), brokeContract, false);
    }

    private Task<Answer> GetTableAsync(HttpContext context) => Task.FromResult(GetTable(context));

    private Task<Answer> DeleteTableAsync(HttpContext context) => Task.FromResult(DeleteTable(context));

    private Answer GetTable(HttpContext context)
    {
        var fqn = FqnFromTarget(context);
        var includeDeleted = context.Request.Query["include"].ToString() is "all" or "deleted";
        lock (_lock)
        {
            return _tables.TryGetValue(fqn, out var table) && (includeDeleted || !table.Deleted)
                ? Answer.Ok(200, EntityJson("table", fqn, table.Body))
                : Answer.Ok(404, JsonSerializer.Serialize(new { code = 404, message = $"table instance for {fqn} not found" }));
        }
    }

    private Answer DeleteTable(HttpContext context)
    {
        var fqn = FqnFromTarget(context);
        var hardDelete = string.Equals(context.Request.Query["hardDelete"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        lock (_lock)
        {
            if (!_tables.TryGetValue(fqn, out var table) || table.Deleted)
            {
                return Answer.Ok(404, JsonSerializer.Serialize(new { code = 404, message = $"table instance for {fqn} not found" }));
            }

            if (hardDelete)
            {
                _tables.Remove(fqn);
            }
            else
            {
                _tables[fqn] = table with { Deleted = true };
            }

            return Answer.Ok(200, EntityJson("table", fqn, table.Body));
        }
    }

    private static string FqnFromTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var path = raw.Split('?')[0];
        const string prefix = Api + "/tables/name/";
        return Uri.UnescapeDataString(path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : path);
    }

    private static bool Upsert(Dictionary<string, StoredEntity> store, string kind, string fqn, JsonElement body)
    {
        var clone = body.Clone();
        if (store.TryGetValue(fqn, out var existing))
        {
            store[fqn] = existing with { Body = clone, Deleted = false, Updates = existing.Updates + 1 };
            return false;
        }

        store[fqn] = new StoredEntity { Kind = kind, FullyQualifiedName = fqn, Body = clone, Creates = 1 };
        return true;
    }

    private static bool TryParse(HttpContext context, out JsonElement body, out Answer? error)
    {
        var text = context.Items["body"] as string;
        body = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = Answer.Broken(400, "Request body is empty");
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
            return true;
        }
        catch (JsonException e)
        {
            error = Answer.Broken(400, "Unable to process JSON: " + e.Message);
            return false;
        }
    }

    private static string EntityJson(string kind, string fqn, JsonElement body)
    {
        var entity = JsonNode.Parse(body.GetRawText())!.AsObject();
        entity["id"] = Guid.NewGuid().ToString();
        entity["fullyQualifiedName"] = fqn;
        entity["entityType"] = kind;
        return entity.ToJsonString();
    }

    private IReadOnlyList<StoredEntity> Snapshot(Dictionary<string, StoredEntity> store)
    {
        lock (_lock)
        {
            return [.. store.Values.OrderBy(e => e.FullyQualifiedName, StringComparer.Ordinal)];
        }
    }

    private sealed record Answer(int Status, string? Message, string? Json, bool BrokeContract, bool Injected)
    {
        public static Answer Ok(int status, string json) => new(status, null, json, false, false);

        public static Answer Broken(int status, string message) => new(status, message, null, true, false);

        public static Answer Fault(int status, string message) => new(status, message, null, false, true);
    }
}
