using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DurableIngest.Testing.OpenMetadataStandIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// A stand-in for Snowflake's SQL API v2 on 127.0.0.1 at a free port, in front of a real SQL engine
/// (<see cref="SnowflakeWarehouse"/>, DuckDB). It speaks the API as Snowflake's OpenAPI specification and guides
/// describe it: <c>POST /api/v2/statements</c> (200 ResultSet, 202 QueryStatus, 422 QueryFailureStatus, 400, 401, 415),
/// <c>GET /api/v2/statements/{handle}</c> with <c>?partition=N</c> (later partitions carry their data only, gzipped when
/// asked), <c>POST .../cancel</c>, <c>requestId</c> + <c>retry=true</c> answered from the first execution, and the
/// <c>X-Snowflake-Authorization-Token-Type</c> header: KEYPAIR_JWT verified against the registered public key
/// (<see cref="KeyPairJwtVerifier"/>), OAUTH and PROGRAMMATIC_ACCESS_TOKEN against known tokens. It records every
/// request and statement, answers statements asynchronously or in partitions on request, and injects faults (429/503/504
/// with Retry-After, answers lost after the statement ran).
/// </summary>
public sealed class SnowflakeStandIn : IAsyncDisposable
{
    public const string Account = "MYORG-ACCOUNT1";
    public const string User = "INGEST";

    private const string StatementsPath = "/api/v2/statements";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Statement> _byHandle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Statement> _byRequestId = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<RecordedStatement> _statements = [];
    private readonly HashSet<string> _oauthTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> _accessTokens = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private long _sequence;
    private int _loseAnswers;

    private SnowflakeStandIn(SnowflakeWarehouse warehouse, RSA publicKey, TimeProvider time)
    {
        Warehouse = warehouse;
        Verifier = new KeyPairJwtVerifier(Account, User, publicKey, time);
        Time = time;
    }

    /// <summary>The SQL API base (what <c>apiBaseUrl</c> holds), ending in <c>/</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    public SnowflakeWarehouse Warehouse { get; }

    public KeyPairJwtVerifier Verifier { get; }

    public TimeProvider Time { get; }

    public StandInFaults Faults { get; } = new();

    /// <summary>How many answers about a statement (its submission included) are 202 before its result is ready. Default 0: answered at once.</summary>
    public int AsyncPolls { get; set; }

    /// <summary>Which statements <see cref="AsyncPolls"/> applies to (by SQL text). Default: all.</summary>
    public Func<string, bool> AsyncWhen { get; set; } = _ => true;

    /// <summary>Rows per result partition. Default: one partition.</summary>
    public int PartitionRows { get; set; } = int.MaxValue;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<RecordedStatement> Statements
    {
        get
        {
            lock (_lock)
            {
                return [.. _statements];
            }
        }
    }

    /// <summary>Handles of the statements a client cancelled.</summary>
    public IReadOnlyList<string> Cancelled
    {
        get
        {
            lock (_lock)
            {
                return [.. _byHandle.Values.Where(s => s.Cancelled).Select(s => s.Handle)];
            }
        }
    }

    public static async Task<SnowflakeStandIn> StartAsync(SnowflakeWarehouse warehouse, RSA publicKey, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(publicKey);
        var standIn = new SnowflakeStandIn(warehouse, publicKey, time ?? TimeProvider.System);
        await standIn.StartServerAsync(cancellationToken);
        return standIn;
    }

    public void AcceptOAuthToken(string token)
    {
        lock (_lock)
        {
            _oauthTokens.Add(token);
        }
    }

    public void AcceptProgrammaticAccessToken(string token)
    {
        lock (_lock)
        {
            _accessTokens.Add(token);
        }
    }

    /// <summary>The next <paramref name="count"/> submissions run, but their answer is lost (503), as a dropped connection would lose it.</summary>
    public void LoseNextAnswers(int count) => Interlocked.Add(ref _loseAnswers, count);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task StartServerAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost(StatementsPath, (HttpContext context) => HandleAsync(context, SubmitAsync));
        app.MapGet(StatementsPath + "/{handle}", (HttpContext context) => HandleAsync(context, StatusAsync));
        app.MapPost(StatementsPath + "/{handle}/cancel", (HttpContext context) => HandleAsync(context, CancelAsync));
        app.MapFallback((HttpContext context) => HandleAsync(context, NoRouteAsync));
        await app.StartAsync(cancellationToken);
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/";
    }

    private async Task HandleAsync(HttpContext context, Func<HttpContext, Task<Answer>> handler)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.ToString();
        var tokenType = context.Request.Headers["X-Snowflake-Authorization-Token-Type"].ToString();
        Answer answer;
        var (fault, _) = Faults.Draw(context.Request.Method, context.Request.Path);
        if (fault is { } status)
        {
            answer = Answer.Error(status, status.ToString(CultureInfo.InvariantCulture), "Injected fault", $"Injected fault {status}") with { Injected = true };
            if (status is 429 or 503 or 504 && Faults.RetryAfterSeconds >= 0)
            {
                context.Response.Headers.RetryAfter = Faults.RetryAfterAsDate
                    ? Time.GetUtcNow().AddSeconds(Faults.RetryAfterSeconds).ToString("R", CultureInfo.InvariantCulture)
                    : Faults.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }
        }
        else if (await AuthenticateAsync(context.Request, tokenType) is { } refusal)
        {
            answer = refusal;
        }
        else if (string.IsNullOrWhiteSpace(context.Request.Headers.UserAgent))
        {
            answer = Answer.Error(400, "391903", "42000", "User-Agent header is required");
        }
        else
        {
            answer = await handler(context);
        }

        lock (_lock)
        {
            _requests.Add(new RecordedRequest(++_sequence, context.Request.Method, target, answer.Status, tokenType.Length == 0 ? null : tokenType, answer.Rejection, answer.Injected));
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        var body = Encoding.UTF8.GetBytes(answer.Body.ToJsonString());
        if (answer.Gzip && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase))
        {
            using var compressed = new MemoryStream();
            await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                await gzip.WriteAsync(body);
            }

            body = compressed.ToArray();
            context.Response.Headers.ContentEncoding = "gzip";
        }

        await context.Response.Body.WriteAsync(body);
    }

    private async Task<Answer?> AuthenticateAsync(HttpRequest request, string tokenType)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Answer.Error(401, "390101", "08001", "Authorization header not found in the request data.") with { Rejection = "no bearer token" };
        }

        var token = authorization["Bearer ".Length..];
        switch (tokenType.Length == 0 ? "OAUTH" : tokenType)
        {
            case "KEYPAIR_JWT":
                var reason = await Verifier.RejectAsync(token);
                return reason is null ? null : Answer.Error(401, "390144", "08001", "JWT token is invalid.") with { Rejection = reason };
            case "OAUTH":
                lock (_lock)
                {
                    return _oauthTokens.Contains(token) ? null : Answer.Error(401, "390303", "08001", "Invalid OAuth access token.") with { Rejection = "unknown OAuth token" };
                }

            case "PROGRAMMATIC_ACCESS_TOKEN":
                lock (_lock)
                {
                    return _accessTokens.Contains(token) ? null : Answer.Error(401, "394400", "08001", "Programmatic access token is invalid.") with { Rejection = "unknown programmatic access token" };
                }

            default:
                return Answer.Error(401, "390100", "08001", $"Unsupported authorization token type {tokenType}.") with { Rejection = "unknown token type" };
        }
    }

    private async Task<Answer> SubmitAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (contentType is not null && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Answer.Error(415, "391907", "0A000", $"Unsupported media type {contentType}; the API accepts application/json");
        }

        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            return Answer.Error(400, "390142", "42000", $"Incoming request body is not valid JSON: {e.Message}");
        }

        if (body["statement"] is not JsonValue statementValue || !statementValue.TryGetValue<string>(out var sql) || string.IsNullOrWhiteSpace(sql))
        {
            return Answer.Error(400, "390142", "42000", "statement is required");
        }

        if (!TryReadBindings(body, out var bindings, out var bindingError))
        {
            return Answer.Error(400, "390142", "42000", bindingError);
        }

        var requestId = context.Request.Query["requestId"].ToString();
        var retry = string.Equals(context.Request.Query["retry"], "true", StringComparison.OrdinalIgnoreCase);
        var database = Text(body, "database");
        Statement? statement = null;
        lock (_lock)
        {
            if (requestId.Length > 0 && retry && _byRequestId.TryGetValue(requestId, out var earlier))
            {
                statement = earlier;
            }
        }

        var executed = statement is null;
        if (statement is null)
        {
            statement = new Statement(Guid.NewGuid().ToString(), Time.GetUtcNow());
            try
            {
                statement.Result = Warehouse.Execute(sql, bindings, database);
            }
            catch (StatementFailedException e)
            {
                statement.Failure = e;
            }

            statement.PendingPolls = AsyncWhen(sql) ? AsyncPolls : 0;
            statement.Async = string.Equals(context.Request.Query["async"], "true", StringComparison.OrdinalIgnoreCase);
            lock (_lock)
            {
                _byHandle[statement.Handle] = statement;
                if (requestId.Length > 0)
                {
                    _byRequestId[requestId] = statement;
                }
            }
        }

        var queryTag = body["parameters"] is JsonObject parameters ? Text(parameters, "query_tag") : null;
        var timeout = body["timeout"] is JsonValue t && t.TryGetValue<int>(out var seconds) ? seconds : (int?)null;
        lock (_lock)
        {
            _statements.Add(new RecordedStatement(++_sequence, requestId, retry, sql, database, Text(body, "warehouse"), Text(body, "role"), bindings, queryTag, timeout, executed));
        }

        if (executed && Interlocked.Decrement(ref _loseAnswers) >= 0)
        {
            return Answer.Error(503, "000503", "08000", "Service Unavailable (the answer was lost after the statement ran)") with { Injected = true };
        }

        Interlocked.CompareExchange(ref _loseAnswers, 0, -1);
        lock (_lock)
        {
            if (statement.PendingPolls > 0)
            {
                statement.PendingPolls--;
                return Running(statement);
            }
        }

        return statement.Async ? Running(statement) : Finished(statement, 0);
    }

    private Task<Answer> StatusAsync(HttpContext context)
    {
        var handle = context.Request.RouteValues["handle"]?.ToString() ?? string.Empty;
        Statement? statement;
        lock (_lock)
        {
            statement = _byHandle.GetValueOrDefault(handle);
        }

        if (statement is null)
        {
            return Task.FromResult(Answer.Error(404, "000709", "02000", $"Statement {handle} not found"));
        }

        if (statement.Cancelled)
        {
            return Task.FromResult(Answer.Failure(statement, "000604", "57014", "SQL execution canceled"));
        }

        lock (_lock)
        {
            statement.Async = false;
            if (statement.PendingPolls > 0)
            {
                statement.PendingPolls--;
                return Task.FromResult(Running(statement));
            }
        }

        var partitionText = context.Request.Query["partition"].ToString();
        var partition = 0;
        if (partitionText.Length > 0 && (!int.TryParse(partitionText, NumberStyles.None, CultureInfo.InvariantCulture, out partition) || partition >= Math.Max(1, PartitionCount(statement))))
        {
            return Task.FromResult(Answer.Error(422, "000403", "22003", $"partition {partitionText} is out of range"));
        }

        return Task.FromResult(Finished(statement, partition));
    }

    private Task<Answer> CancelAsync(HttpContext context)
    {
        var handle = context.Request.RouteValues["handle"]?.ToString() ?? string.Empty;
        lock (_lock)
        {
            if (!_byHandle.TryGetValue(handle, out var statement))
            {
                return Task.FromResult(Answer.Error(404, "000709", "02000", $"Statement {handle} not found"));
            }

            statement.Cancelled = true;
            return Task.FromResult(new Answer(200, new JsonObject
            {
                ["code"] = "000604",
                ["sqlState"] = "57014",
                ["message"] = "successfully canceled",
                ["statementHandle"] = handle,
                ["statementStatusUrl"] = $"{StatementsPath}/{handle}",
            }));
        }
    }

    private static Task<Answer> NoRouteAsync(HttpContext context) =>
        Task.FromResult(Answer.Error(404, "000404", "02000", $"the request endpoint {context.Request.Path} is not valid"));

    private static Answer Running(Statement statement) => new(202, new JsonObject
    {
        ["code"] = "333334",
        ["message"] = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
        ["statementHandle"] = statement.Handle,
        ["statementStatusUrl"] = $"{StatementsPath}/{statement.Handle}",
        ["createdOn"] = statement.CreatedOn.ToUnixTimeMilliseconds(),
    });

    private Answer Finished(Statement statement, int partition)
    {
        if (statement.Failure is { } failure)
        {
            return Answer.Failure(statement, failure.Code, failure.SqlState, failure.Message);
        }

        var result = statement.Result!;
        var size = Math.Max(1, PartitionRows);
        var partitions = result.Rows.Chunk(size).ToList();
        var data = new JsonArray([.. (partitions.Count == 0 ? [] : partitions[partition]).Select(Row)]);
        if (partition > 0)
        {
            return new Answer(200, new JsonObject { ["data"] = data }) { Gzip = true };
        }

        var rowType = new JsonArray([.. result.Columns.Select((name, i) => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["database"] = string.Empty,
            ["schema"] = string.Empty,
            ["table"] = string.Empty,
            ["type"] = result.Types[i],
            ["length"] = result.Types[i] == "TEXT" ? 16_777_216 : 0,
            ["precision"] = result.Types[i] == "FIXED" ? 38 : 0,
            ["scale"] = result.Types[i] == "TIMESTAMP_LTZ" ? 9 : 0,
            ["nullable"] = true,
        })]);
        var partitionInfo = new JsonArray([.. (partitions.Count == 0 ? [Array.Empty<string?[]>()] : partitions).Select(p => (JsonNode)new JsonObject
        {
            ["rowCount"] = p.Length,
            ["uncompressedSize"] = p.Sum(r => r.Sum(v => (v?.Length ?? 4) + 3)) + 2,
        })]);
        return new Answer(200, new JsonObject
        {
            ["resultSetMetaData"] = new JsonObject
            {
                ["numRows"] = result.Rows.Count,
                ["format"] = "jsonv2",
                ["partitionInfo"] = partitionInfo,
                ["rowType"] = rowType,
            },
            ["data"] = data,
            ["code"] = "090001",
            ["statementStatusUrl"] = $"{StatementsPath}/{statement.Handle}",
            ["sqlState"] = "00000",
            ["statementHandle"] = statement.Handle,
            ["message"] = "Statement executed successfully.",
            ["createdOn"] = statement.CreatedOn.ToUnixTimeMilliseconds(),
        });
    }

    private int PartitionCount(Statement statement) =>
        statement.Result is { } result ? (result.Rows.Count + Math.Max(1, PartitionRows) - 1) / Math.Max(1, PartitionRows) : 1;

    private static JsonNode Row(string?[] row) => new JsonArray([.. row.Select(v => (JsonNode?)(v is null ? null : JsonValue.Create(v)))]);

    private static bool TryReadBindings(JsonObject body, out IReadOnlyList<string> bindings, out string error)
    {
        bindings = [];
        error = string.Empty;
        if (body["bindings"] is null)
        {
            return true;
        }

        if (body["bindings"] is not JsonObject map)
        {
            error = "bindings must be an object";
            return false;
        }

        var values = new SortedDictionary<int, string>();
        foreach (var (key, node) in map)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position < 1
                || node is not JsonObject binding || Text(binding, "type") is not ("TEXT" or "FIXED") || Text(binding, "value") is not { } value)
            {
                error = $"binding '{key}' must be {{\"type\": \"TEXT\", \"value\": \"...\"}} under a position from 1";
                return false;
            }

            values[position] = value;
        }

        if (values.Keys.Select((k, i) => k != i + 1).Any(gap => gap))
        {
            error = "bindings must be numbered 1, 2, ... without gaps";
            return false;
        }

        bindings = [.. values.Values];
        return true;
    }

    private static string? Text(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed class Statement(string handle, DateTimeOffset createdOn)
    {
        public string Handle { get; } = handle;

        public DateTimeOffset CreatedOn { get; } = createdOn;

        public QueryResult? Result { get; set; }

        public StatementFailedException? Failure { get; set; }

        public int PendingPolls { get; set; }

        public bool Async { get; set; }

        public bool Cancelled { get; set; }
    }

    private sealed record Answer(int Status, JsonObject Body)
    {
        public bool Injected { get; init; }

        public string? Rejection { get; init; }

        public bool Gzip { get; init; }

        public static Answer Error(int status, string code, string sqlState, string message) =>
            new(status, new JsonObject { ["code"] = code, ["sqlState"] = sqlState, ["message"] = message });

        public static Answer Failure(Statement statement, string code, string sqlState, string message) => new(422, new JsonObject
        {
            ["code"] = code,
            ["sqlState"] = sqlState,
            ["message"] = message,
            ["statementHandle"] = statement.Handle,
            ["statementStatusUrl"] = $"{StatementsPath}/{statement.Handle}",
            ["createdOn"] = statement.CreatedOn.ToUnixTimeMilliseconds(),
        });
    }
}
