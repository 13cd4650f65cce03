using System.Net;
using System.Text;
using DurableIngest.Connectors;
using DurableIngest.Functions.Http;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace DurableIngest.Functions.Tests.Http;

/// <summary>
/// The Functions app's HTTP functions, called as the Functions host calls them (an ASP.NET Core request, the Durable
/// client binding) on the Durable Task engine; the route table is the one in functions.metadata.
/// </summary>
internal sealed class FunctionsApiHost : IIngestApiHost
{
    private const string Origin = "http://localhost:7071";
    private readonly DurableRuntimeUnderTest _runtime;
    private readonly IngestHttpFunctions _functions;

    private FunctionsApiHost(DurableRuntimeUnderTest runtime)
    {
        _runtime = runtime;
        _functions = ActivatorUtilities.CreateInstance<IngestHttpFunctions>(runtime.App.Services);
    }

    public string Name => ApiHosts.Functions;

    public IRunStore Store => _runtime.Store;

    public string CollectionUrl => Origin + "/api/ingest";

    public static async Task<FunctionsApiHost> StartAsync(ConnectorRegistry? connectors, TimeSpan? requestTimeout = null) =>
        new(await DurableRuntimeUnderTest.StartAsync(connectors, requestTimeout: requestTimeout));

    /// <summary>A start whose body is <paramref name="body"/> as it arrives (a stream that trickles, say).</summary>
    public async Task<ApiReply> StartWithBodyAsync(Stream body, long declaredLength)
    {
        var context = NewContext(HttpMethod.Post, "/api/ingest", null, "application/yaml");
        context.Request.Body = body;
        context.Request.ContentLength = declaredLength;
        context.Request.ContentType = "application/yaml";
        var result = await _functions.StartAsync(context.Request, _runtime.App.Client, CancellationToken.None);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new ApiReply((HttpStatusCode)context.Response.StatusCode, new Dictionary<string, string>(), Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    public async Task<ApiReply> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string contentType)
    {
        var context = NewContext(method, pathAndQuery, body, contentType);
        var request = context.Request;
        var client = _runtime.App.Client;
        if (request.Path == ConnectionTestApi.Route)
        {
            var tested = method == HttpMethod.Post
                ? await ActivatorUtilities.CreateInstance<ConnectionTestFunction>(_runtime.App.Services).TestAsync(request, CancellationToken.None)
                : null;
            return tested is null ? new ApiReply(HttpStatusCode.NotFound, new Dictionary<string, string>(), string.Empty) : await ReplyAsync(context, tested);
        }

        var segments = request.Path.Value!["/api/ingest".Length..].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var result = (method.Method, segments.Length) switch
        {
            ("POST", 0) => await _functions.StartAsync(request, client, CancellationToken.None),
            ("GET", 0) => await _functions.ListAsync(request, client, CancellationToken.None),
            ("GET", 1) => await _functions.GetStatusAsync(request, Uri.UnescapeDataString(segments[0]), client, CancellationToken.None),
            ("DELETE", 1) => await _functions.PurgeAsync(request, Uri.UnescapeDataString(segments[0]), client, CancellationToken.None),
            ("GET", 2) when segments[1] == "report" => await _functions.GetReportAsync(request, Uri.UnescapeDataString(segments[0]), client, CancellationToken.None),
            ("POST", 2) when segments[1] == "terminate" => await _functions.TerminateAsync(request, Uri.UnescapeDataString(segments[0]), client, CancellationToken.None),
            _ => null,
        };
        if (result is null)
        {
            return new ApiReply(HttpStatusCode.NotFound, new Dictionary<string, string>(), string.Empty);
        }

        return await ReplyAsync(context, result);
    }

    private static async Task<ApiReply> ReplyAsync(DefaultHttpContext context, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        var headers = context.Response.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        return new ApiReply((HttpStatusCode)context.Response.StatusCode, headers, Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()));
    }

    public ValueTask DisposeAsync() => _runtime.DisposeAsync();

    private static DefaultHttpContext NewContext(HttpMethod method, string pathAndQuery, byte[]? body, string contentType)
    {
        var url = new Uri(new Uri(Origin), pathAndQuery);
        var context = new DefaultHttpContext();
        context.Request.Method = method.Method;
        context.Request.Scheme = url.Scheme;
        context.Request.Host = new HostString(url.Host, url.Port);
        context.Request.Path = url.AbsolutePath;
        context.Request.QueryString = new QueryString(url.Query);
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
            context.Request.ContentType = contentType;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }
}
