using System.Net.Http.Headers;
using DurableIngest.Failures;
using DurableIngest.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// Sends requests to one OpenMetadata server over the shared pooled HttpClient through the retry pipeline.
/// Answers a final <see cref="OpenMetadataResponse"/>; throws <see cref="TransientException"/> when retries ran out.
/// </summary>
internal sealed class OpenMetadataClient
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly string? _token;

    public OpenMetadataClient(OpenMetadataSinkOptions options, TimeProvider time, ILogger logger, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ApiBase = options.ApiBase;
        _token = options.JwtToken;
        _http = http ?? SharedHttpClient.Instance;
        _pipeline = OpenMetadataResilience.Create(options, time, logger);
    }

    public Uri ApiBase { get; }

    public bool HasToken => _token is not null;

    public Task<OpenMetadataResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<OpenMetadataResponse> PutAsync(string path, byte[] body, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, path, body, cancellationToken);

    public Task<OpenMetadataResponse> DeleteAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, path, null, cancellationToken);

    /// <summary>Refused credentials (401/403) fail the whole batch: retrying will not help until the token is fixed.</summary>
    public void ThrowIfUnauthorized(OpenMetadataResponse response, string request)
    {
        if (response.IsAuthFailure)
        {
            throw OpenMetadataAuthorizationException.From(response, request, HasToken);
        }
    }

    private async Task<OpenMetadataResponse> SendAsync(HttpMethod method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var uri = new Uri(ApiBase, path);
        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    Interlocked.Increment(ref attempts);
                    using var request = new HttpRequestMessage(method, uri);
                    if (body is not null)
                    {
                        request.Content = new ByteArrayContent(body);
                        request.Content.Headers.ContentType = Json;
                    }

                    if (_token is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                    }

                    return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                },
                cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException)
        {
            throw new TransientException($"{method} {path} to OpenMetadata failed after {attempts} attempt(s): {e.Message}", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var answer = new OpenMetadataResponse((int)response.StatusCode, text, attempts);
            if (ErrorClassifier.IsTransientStatus(response.StatusCode))
            {
                throw new TransientException(
                    $"OpenMetadata answered {answer.StatusCode} to {method} {path} after {attempts} attempt(s): {answer.Message}");
            }

            return answer;
        }
    }
}
