using DurableIngest.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// The ingest API's routes on Kestrel, each a line over <see cref="IngestApi"/> (the same code the Azure Functions app's
/// HTTP functions call): <c>POST /api/ingest[?instanceId=ID]</c>, <c>GET /api/ingest[?top=N]</c>,
/// <c>GET /api/ingest/{id}</c>, <c>POST /api/ingest/{id}/terminate</c>, <c>DELETE /api/ingest/{id}</c>.
/// </summary>
internal static class IngestEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectionTestApi.Route, async (HttpRequest request, ConnectionTestApi tests, CancellationToken cancellationToken) =>
            ApiResults.From(await tests.TestAsync(request.Body, request.ContentType, request.ContentLength, cancellationToken)))
            .AddEndpointFilter<ApiKeyFilter>();
        var api = routes.MapGroup(IngestApi.Route).AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/", async (HttpRequest request, IngestApi ingest, CancellationToken cancellationToken) => ApiResults.From(await ingest.StartAsync(
            request.Body, request.ContentType, request.ContentLength, request.Query["instanceId"].FirstOrDefault(), CollectionUrl(request), cancellationToken)));
        api.MapGet("/", async (HttpRequest request, IngestApi ingest, CancellationToken cancellationToken) =>
            ApiResults.From(await ingest.ListAsync(request.Query["top"].FirstOrDefault(), cancellationToken)));
        api.MapGet("/{id}", async (string id, IngestApi ingest, CancellationToken cancellationToken) => ApiResults.From(await ingest.GetStatusAsync(id, cancellationToken)));
        api.MapGet("/{id}/report", async (string id, IngestApi ingest, CancellationToken cancellationToken) => ApiResults.From(await ingest.GetReportAsync(id, cancellationToken)));
        api.MapPost("/{id}/terminate", async (string id, IngestApi ingest, CancellationToken cancellationToken) => ApiResults.From(await ingest.TerminateAsync(id, cancellationToken)));
        api.MapDelete("/{id}", async (string id, IngestApi ingest, CancellationToken cancellationToken) => ApiResults.From(await ingest.PurgeAsync(id, cancellationToken)));
    }

    private static Uri CollectionUrl(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
}
