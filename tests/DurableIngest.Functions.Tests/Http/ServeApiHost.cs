using System.Net.Http.Headers;
using DurableIngest.Cli.Hosting;
using DurableIngest.Cli.Tests.Hosting;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;

namespace DurableIngest.Functions.Tests.Http;

/// <summary><c>durable-ingest serve</c> on Kestrel (loopback, a free port), called over real HTTP with its key.</summary>
internal sealed class ServeApiHost : IIngestApiHost
{
    private readonly ServeTestHost _host;
    private readonly string _root;

    private ServeApiHost(ServeTestHost host, string root)
    {
        _host = host;
        _root = root;
    }

    public string Name => ApiHosts.Serve;

    public IRunStore Store => _host.Store;

    public string CollectionUrl => new Uri(_host.BaseAddress, IngestApi.Route).ToString();

    public Uri BaseAddress => _host.BaseAddress;

    public static async Task<ServeApiHost> StartAsync(ConnectorRegistry? connectors, TimeSpan? requestTimeout = null)
    {
        var root = Directory.CreateTempSubdirectory("di-serve-api-").FullName;
        var host = await ServeTestHost.StartAsync(root, overrides: new ServeOverrides { Connectors = connectors }, requestTimeout: requestTimeout);
        return new ServeApiHost(host, root);
    }

    public async Task<ApiReply> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string contentType)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using var response = await _host.Client.SendAsync(request);
        var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        return new ApiReply(response.StatusCode, headers, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}
