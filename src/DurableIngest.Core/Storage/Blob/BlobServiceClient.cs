using System.Globalization;
using System.Net;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// A small Azure Blob Storage REST client over <see cref="HttpClient"/>: containers, single-request block blob
/// writes with optional ETag conditions, reads, paged listing and deletes. Requests are signed with Shared Key
/// (or carry the connection string's SAS) and retried with exponential backoff and jitter on 408, 429, 5xx,
/// timeouts and network errors, honouring Retry-After; a failed condition (409, 412) is a result, never retried.
/// Thread-safe; by default every instance shares one pooled connection handler.
/// </summary>
public sealed class BlobServiceClient
{
    /// <summary>The REST API version sent as <c>x-ms-version</c>; Azure and Azurite both serve it.</summary>
    public const string ServiceVersion = "2021-08-06";

    private static readonly HttpClient SharedHttp = new(
        new SocketsHttpHandler
        {
            // Recycled so a long run follows DNS changes of the storage endpoint.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            AutomaticDecompression = DecompressionMethods.None,
        })
    {
        // Each attempt is bounded by the pipeline's timeout instead.
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly HttpClient _http;
    private readonly BlobConnectionString _account;
    private readonly SharedKeySigner? _signer;
    private readonly TimeProvider _time;
    private readonly BlobClientOptions _options;
    private readonly ResiliencePipeline<BlobResponse> _pipeline;

    /// <param name="account">Where and as whom.</param>
    /// <param name="options">Retry and paging settings; defaults when null.</param>
    /// <param name="timeProvider">Clock for <c>x-ms-date</c> and retry delays; the system clock when null.</param>
    /// <param name="transport">A handler to send through instead of the shared pool (tests put fault injectors here); not disposed by this client.</param>
    public BlobServiceClient(BlobConnectionString account, BlobClientOptions? options = null, TimeProvider? timeProvider = null, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        _account = account;
        _signer = account.CreateSigner();
        _options = options ?? new BlobClientOptions();
        _time = timeProvider ?? TimeProvider.System;
        _http = transport is null ? SharedHttp : new HttpClient(transport, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _pipeline = BuildPipeline(_options, _time);
    }

    public BlobConnectionString Account => _account;

    /// <summary>Creates the container; false when it already existed.</summary>
    public async Task<bool> CreateContainerIfNotExistsAsync(string container, CancellationToken cancellationToken)
    {
        CheckContainer(container);
        var response = await SendAsync(HttpMethod.Put, ContainerUri(container, "restype=container"), ReadOnlyMemory<byte>.Empty, null, [], "create container", container, cancellationToken);
        return response.Status switch
        {
            HttpStatusCode.Created => true,
            HttpStatusCode.Conflict when response.ErrorCode == "ContainerAlreadyExists" => false,
            _ => throw Failure("create container", container, response),
        };
    }

    /// <summary>
    /// Writes a whole block blob in one request (up to the service's single-put limit). Returns the new ETag, or
    /// the failed condition's error code when <paramref name="condition"/> did not hold.
    /// </summary>
    public async Task<BlobPutResult> PutBlockBlobAsync(string container, string blobName, ReadOnlyMemory<byte> content, BlobCondition condition, CancellationToken cancellationToken)
    {
        CheckContainer(container);
        CheckBlobName(blobName);
        ArgumentNullException.ThrowIfNull(condition);
        List<KeyValuePair<string, string>> headers = [new("x-ms-blob-type", "BlockBlob")];
        if (condition.IfMatch is { } ifMatch)
        {
            headers.Add(new("If-Match", ifMatch));
        }

        if (condition.IfNoneMatch is { } ifNoneMatch)
        {
            headers.Add(new("If-None-Match", ifNoneMatch));
        }

        var contentType = blobName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/octet-stream";
        var resource = $"{container}/{blobName}";
        var response = await SendAsync(HttpMethod.Put, BlobUri(container, blobName, null), content, contentType, headers, "write", resource, cancellationToken);
        return response.Status switch
        {
            HttpStatusCode.Created when response.ETag is { } etag => BlobPutResult.Success(etag),
            HttpStatusCode.PreconditionFailed => BlobPutResult.ConditionFailed(response.ErrorCode ?? "ConditionNotMet"),
            HttpStatusCode.Conflict when response.ErrorCode == "BlobAlreadyExists" => BlobPutResult.ConditionFailed("BlobAlreadyExists"),
            // If-Match on a blob that is gone: the condition failed, the container is still there.
            HttpStatusCode.NotFound when condition.IfMatch is not null && response.ErrorCode == "BlobNotFound" => BlobPutResult.ConditionFailed("BlobNotFound"),
            _ => throw Failure("write", resource, response),
        };
    }

    /// <summary>Reads a blob, or null when it (or its container) does not exist.</summary>
    public async Task<BlobDownload?> GetBlobAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        CheckContainer(container);
        CheckBlobName(blobName);
        var resource = $"{container}/{blobName}";
        var response = await SendAsync(HttpMethod.Get, BlobUri(container, blobName, null), null, null, [], "read", resource, cancellationToken);
        return response.Status switch
        {
            HttpStatusCode.OK when response.ETag is { } etag => new BlobDownload(response.Body, etag),
            HttpStatusCode.NotFound => null,
            _ => throw Failure("read", resource, response),
        };
    }

    /// <summary>Every blob name starting with <paramref name="prefix"/>, in ordinal order, following continuation markers; empty when the container does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListBlobsAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        CheckContainer(container);
        ArgumentNullException.ThrowIfNull(prefix);
        var names = new List<string>();
        string? marker = null;
        do
        {
            var query = new StringBuilder("restype=container&comp=list");
            if (prefix.Length > 0)
            {
                query.Append("&prefix=").Append(Uri.EscapeDataString(prefix));
            }

            if (marker is not null)
            {
                query.Append("&marker=").Append(Uri.EscapeDataString(marker));
            }

            if (_options.ListPageSize is { } pageSize)
            {
                query.Append("&maxresults=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
            }

            var response = await SendAsync(HttpMethod.Get, ContainerUri(container, query.ToString()), null, null, [], "list", $"{container}/{prefix}*", cancellationToken);
            if (response.Status == HttpStatusCode.NotFound && response.ErrorCode == "ContainerNotFound")
            {
                return [];
            }

            if (response.Status != HttpStatusCode.OK)
            {
                throw Failure("list", $"{container}/{prefix}*", response);
            }

            var page = BlobListingPage.Parse(response.Body);
            names.AddRange(page.Names);
            marker = page.NextMarker;
        }
        while (marker is not null);

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>Deletes a blob; false when it was not there.</summary>
    public async Task<bool> DeleteBlobAsync(string container, string blobName, CancellationToken cancellationToken)
    {
        CheckContainer(container);
        CheckBlobName(blobName);
        var resource = $"{container}/{blobName}";
        var response = await SendAsync(HttpMethod.Delete, BlobUri(container, blobName, null), null, null, [], "delete", resource, cancellationToken);
        return response.Status switch
        {
            HttpStatusCode.Accepted => true,
            HttpStatusCode.NotFound => false,
            _ => throw Failure("delete", resource, response),
        };
    }

    private static ResiliencePipeline<BlobResponse> BuildPipeline(BlobClientOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder<BlobResponse> { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<BlobResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = new PredicateBuilder<BlobResponse>()
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => IsRetriable(response.Status)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result?.RetryAfter is { } retryAfter
                        ? (TimeSpan?)(retryAfter < options.MaxRetryDelay ? retryAfter : options.MaxRetryDelay)
                        : null),
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static bool IsRetriable(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private async Task<BlobResponse> SendAsync(
        HttpMethod method,
        Uri uri,
        ReadOnlyMemory<byte>? content,
        string? contentType,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string operation,
        string resource,
        CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            var response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    using var request = CreateRequest(method, uri, content, contentType, headers);
                    using var answer = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                    return await BlobResponse.ReadAsync(answer, _time, token);
                },
                cancellationToken);
            if (IsRetriable(response.Status) || response.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
            {
                throw BlobStorageException.FromResponse(operation, resource, response, attempts);
            }

            return response;
        }
        catch (Exception e) when (e is (HttpRequestException or IOException or TimeoutRejectedException) and not BlobStorageException)
        {
            throw BlobStorageException.Unreachable(operation, resource, _account.BlobEndpoint, attempts, e);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, ReadOnlyMemory<byte>? content, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var request = new HttpRequestMessage(method, uri);
        if (content is { } body)
        {
            request.Content = new ReadOnlyMemoryContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        request.Headers.TryAddWithoutValidation("x-ms-date", _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        _signer?.Authorize(request);
        return request;
    }

    private Uri ContainerUri(string container, string query) => BuildUri(container, query);

    private Uri BlobUri(string container, string blobName, string? query) => BuildUri($"{container}/{BlobNames.EscapePath(blobName)}", query);

    private Uri BuildUri(string path, string? query)
    {
        if (_account.SharedAccessSignature is { } sas)
        {
            query = string.IsNullOrEmpty(query) ? sas : $"{query}&{sas}";
        }

        var root = _account.BlobEndpoint.AbsoluteUri.TrimEnd('/');
        return new Uri(string.IsNullOrEmpty(query) ? $"{root}/{path}" : $"{root}/{path}?{query}");
    }

    private static BlobStorageException Failure(string operation, string resource, BlobResponse response) =>
        BlobStorageException.FromResponse(operation, resource, response, attempts: 1);

    private static void CheckContainer(string container)
    {
        if (!BlobNames.IsValidContainerName(container))
        {
            throw new ArgumentException($"container name '{container}' is not valid: use {BlobNames.ContainerNameRule}", nameof(container));
        }
    }

    private static void CheckBlobName(string blobName)
    {
        if (BlobNames.ProblemWithBlobName(blobName) is { } problem)
        {
            throw new ArgumentException(problem, nameof(blobName));
        }
    }
}
