using System.Text;
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

    public static async Task<ServeApiHost> StartAsync(ConnectorRegistry connectors)
    {
        var root = Directory.CreateTempSubdirectory("di-serve-api-").FullName;
        var host = await ServeTestHost.StartAsync(root, overrides: new ServeOverrides { Connectors = connectors });
        return new ServeApiHost(host, root);
    }

    public async Task<ApiReply> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, string contentType = "application/yaml")
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
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
