using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DurableIngest.Failures;
using DurableIngest.Http;
using Microsoft.Extensions.Logging;
using Polly;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// Runs statements through Snowflake's SQL API v2: <c>POST /api/v2/statements</c> with a <c>requestId</c> (a retried
/// submission adds <c>retry=true</c>, so Snowflake does not run it twice), polling
/// <c>GET /api/v2/statements/{handle}</c> while the answer is 202, fetching every partition of
/// <c>resultSetMetaData.partitionInfo</c> (<c>?partition=N</c>), and cancelling a running statement when the caller
/// cancels (<c>POST .../cancel</c>). Safe to share between concurrent reads.
/// </summary>
public sealed class SnowflakeSqlClient
{
    /// <summary>First wait before checking a running statement again; doubled each time up to <see cref="MaxPollDelay"/>.</summary>
    public static readonly TimeSpan FirstPollDelay = TimeSpan.FromMilliseconds(500);

    public static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(5);

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue Accept = new("application/json");
    private static readonly ProductInfoHeaderValue UserAgent = new("DurableIngest", typeof(SnowflakeSqlClient).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private readonly SnowflakeOptions _options;
    private readonly SnowflakeCredential _credential;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public SnowflakeSqlClient(SnowflakeOptions options, SnowflakeCredential credential, TimeProvider time, ILogger logger, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _credential = credential;
        _time = time;
        _logger = logger;
        _http = http ?? SharedHttpClient.Instance;
        _pipeline = SnowflakeResilience.Create(options.MaxRetries, time, logger);
    }

    /// <summary>Runs the statement and returns all its rows; throws <see cref="SnowflakeApiException"/> for a final failure.</summary>
    public async Task<SnowflakeResult> ExecuteAsync(SnowflakeStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var requestId = Guid.NewGuid().ToString();
        var body = RequestBody(statement);
        string? handle = null;
        try
        {
            var answer = await SendAsync(HttpMethod.Post, $"api/v2/statements?requestId={requestId}", body, retryFlag: true, cancellationToken).ConfigureAwait(false);
            var delay = FirstPollDelay;
            while (answer.Status == HttpStatusCode.Accepted)
            {
                handle = ReadHandle(answer) ?? throw Unexpected(answer, "a 202 answer without a statementHandle");
                SnowflakeLog.StillRunning(_logger, handle, delay.TotalSeconds);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = delay * 2 > MaxPollDelay ? MaxPollDelay : delay * 2;
                answer = await SendAsync(HttpMethod.Get, StatementPath(handle), null, retryFlag: false, cancellationToken).ConfigureAwait(false);
            }

            if (answer.Status != HttpStatusCode.OK)
            {
                throw Failure(answer);
            }

            return await ReadResultAsync(answer, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && handle is not null)
        {
            await CancelAsync(handle).ConfigureAwait(false);
            throw;
        }
    }

    private static string StatementPath(string handle) => "api/v2/statements/" + Uri.EscapeDataString(handle);

    private async Task<SnowflakeResult> ReadResultAsync(Answer first, CancellationToken cancellationToken)
    {
        using var document = Parse(first);
        var root = document.RootElement;
        var handle = root.TryGetProperty("statementHandle", out var h) ? h.GetString() ?? string.Empty : string.Empty;
        var columns = new List<string>();
        var partitions = 1;
        if (root.TryGetProperty("resultSetMetaData", out var metadata))
        {
            if (metadata.TryGetProperty("rowType", out var rowType))
            {
                columns.AddRange(rowType.EnumerateArray().Select(c => c.GetProperty("name").GetString() ?? string.Empty));
            }

            if (metadata.TryGetProperty("partitionInfo", out var partitionInfo) && partitionInfo.ValueKind == JsonValueKind.Array)
            {
                partitions = Math.Max(1, partitionInfo.GetArrayLength());
            }
        }

        var rows = new List<string?[]>();
        ReadData(root, rows);
        for (var partition = 1; partition < partitions; partition++)
        {
            var path = $"{StatementPath(handle)}?partition={partition.ToString(CultureInfo.InvariantCulture)}";
            var answer = await SendAsync(HttpMethod.Get, path, null, retryFlag: false, cancellationToken).ConfigureAwait(false);
            if (answer.Status != HttpStatusCode.OK)
            {
                throw Failure(answer);
            }

            using var page = Parse(answer);
            ReadData(page.RootElement, rows);
        }

        SnowflakeLog.Finished(_logger, handle, rows.Count, partitions);
        return new SnowflakeResult(columns, rows, partitions);
    }

    private static void ReadData(JsonElement root, List<string?[]> rows)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var row in data.EnumerateArray())
        {
            rows.Add([.. row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())]);
        }
    }

    private async Task CancelAsync(string handle)
    {
        // The caller has given up; the statement should not go on using the warehouse. Best effort, briefly.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var answer = await SendAsync(HttpMethod.Post, StatementPath(handle) + "/cancel", null, retryFlag: false, timeout.Token).ConfigureAwait(false);
            SnowflakeLog.Cancelled(_logger, handle, (int)answer.Status);
        }
        catch (Exception e) when (e is SnowflakeApiException or OperationCanceledException or TransientException)
        {
            SnowflakeLog.CancelFailed(_logger, handle, e.Message);
        }
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, byte[]? body, bool retryFlag, CancellationToken cancellationToken)
    {
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    var attempt = Interlocked.Increment(ref attempts);
                    var target = retryFlag && attempt > 1 ? path + "&retry=true" : path;
                    using var request = new HttpRequestMessage(method, new Uri(_options.ApiBase, target));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _credential.GetToken(_time.GetUtcNow()));
                    request.Headers.Add("X-Snowflake-Authorization-Token-Type", _credential.TokenType);
                    request.Headers.Accept.Add(Accept);
                    request.Headers.UserAgent.Add(UserAgent);
                    if (body is not null)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.ContentType = Json;
                    }
                    else if (method == HttpMethod.Post)
                    {
                        request.Content = new ByteArrayContent([]);
                        request.Content.Headers.ContentType = Json;
                    }

                    using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                    attemptTimeout.CancelAfter(_options.RequestTimeout);
                    try
                    {
                        return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException e) when (!token.IsCancellationRequested)
                    {
                        throw new TimeoutException($"no answer within requestTimeoutSeconds ({_options.RequestTimeout.TotalSeconds:0} s)", e);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException)
        {
            throw new TransientException($"{method} {StripQuery(path)} to Snowflake account '{_options.Account}' failed after {attempts} attempt(s): {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new Answer(method, StripQuery(path), response.StatusCode, text, attempts);
        }
    }

    private byte[] RequestBody(SnowflakeStatement statement)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("statement", statement.Sql);
            writer.WriteNumber("timeout", _options.StatementTimeoutSeconds);
            if (statement.Database is { } database)
            {
                writer.WriteString("database", database);
            }

            writer.WriteString("warehouse", _options.Warehouse);
            if (_options.Role is { } role)
            {
                writer.WriteString("role", role);
            }

            if (statement.Bindings.Count > 0)
            {
                writer.WriteStartObject("bindings");
                for (var i = 0; i < statement.Bindings.Count; i++)
                {
                    writer.WriteStartObject((i + 1).ToString(CultureInfo.InvariantCulture));
                    writer.WriteString("type", "TEXT");
                    writer.WriteString("value", statement.Bindings[i]);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            if (_options.QueryTag is { } tag)
            {
                writer.WriteStartObject("parameters");
                writer.WriteString("query_tag", tag);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private SnowflakeApiException Failure(Answer answer)
    {
        var (code, sqlState, message) = ReadError(answer.Body);
        var status = (int)answer.Status;
        var said = message is null ? $"HTTP {status}" : $"HTTP {status}, {(code is null ? string.Empty : code + ": ")}{message}";
        var account = _options.Account;
        var user = _options.Username.ToUpperInvariant();
        return answer.Status switch
        {
            HttpStatusCode.Unauthorized => new SnowflakeApiException(
                $"Snowflake account '{account}' refused the credentials of user {user} ({said}): {AuthenticationFix()}", status, code, sqlState, isTransient: false),
            HttpStatusCode.Forbidden => new SnowflakeApiException(
                $"Snowflake account '{account}' forbade the SQL API to user {user} ({said}): check that the SQL API may be used from this network (network policies) and by this user", status, code, sqlState, isTransient: false),
            HttpStatusCode.UnprocessableEntity => new SnowflakeApiException(
                $"Snowflake account '{account}' could not run a statement ({said})", status, code, sqlState, isTransient: false),
            HttpStatusCode.RequestTimeout => new SnowflakeApiException(
                $"a statement on Snowflake account '{account}' ran longer than statementTimeoutSeconds ({_options.StatementTimeoutSeconds} s) and was cancelled ({said}); raise statementTimeoutSeconds or use a larger warehouse", status, code, sqlState, isTransient: true),
            HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout => new SnowflakeApiException(
                $"Snowflake account '{account}' answered {answer.Method} {answer.Path} with {said} after {answer.Attempts} attempt(s)", status, code, sqlState, isTransient: true),
            HttpStatusCode.NotFound => new SnowflakeApiException(
                $"{answer.Method} {answer.Path} on {_options.ApiBase} answered 404 ({said}): check account (and apiBaseUrl, when set)", status, code, sqlState, isTransient: false),
            _ => new SnowflakeApiException(
                $"Snowflake account '{account}' answered {answer.Method} {answer.Path} with {said}", status, code, sqlState, isTransient: false),
        };
    }

    private string AuthenticationFix() => _credential switch
    {
        KeyPairCredential => $"check account and username, and that the public key of privateKey is assigned to user {_options.Username.ToUpperInvariant()} (DESCRIBE USER shows RSA_PUBLIC_KEY_FP); the JWT names account {_options.Account.JwtAccount}",
        _ => $"the token in {_credential.Setting} is invalid or expired; put a valid one there",
    };

    private static SnowflakeApiException Unexpected(Answer answer, string what) =>
        new($"Snowflake answered {answer.Method} {answer.Path} with {what}", (int)answer.Status, null, null, isTransient: false);

    private static string? ReadHandle(Answer answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            return document.RootElement.TryGetProperty("statementHandle", out var handle) ? handle.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonDocument Parse(Answer answer)
    {
        try
        {
            return JsonDocument.Parse(answer.Body);
        }
        catch (JsonException e)
        {
            throw new SnowflakeApiException($"Snowflake answered {answer.Method} {answer.Path} with a body that is not JSON: {e.Message}", e);
        }
    }

    private static (string? Code, string? SqlState, string? Message) ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return (Text(root, "code"), Text(root, "sqlState"), Text(root, "message"));
            }
        }
        catch (JsonException)
        {
            // Not the SQL API's JSON (a proxy's page, say): quote its start.
        }

        var text = body.Trim();
        return (null, null, text.Length <= 300 ? text : text[..300] + "…");
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string StripQuery(string path) => path.Split('?')[0];

    private sealed record Answer(HttpMethod Method, string Path, HttpStatusCode Status, string Body, int Attempts);
}
