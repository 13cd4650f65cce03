using System.Globalization;
using DurableIngest.Cli.Runtime;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// The HTTP front door, with the Azure Functions app's routes and Durable Functions' shapes:
/// <c>POST /api/ingest[?instanceId=ID]</c> starts a run (202 with the check-status payload), <c>GET /api/ingest/{id}</c>
/// its status, <c>POST /api/ingest/{id}/terminate</c>, <c>DELETE /api/ingest/{id}</c> purges, <c>GET /api/ingest</c> lists.
/// </summary>
internal static class IngestEndpoints
{
    public const string Route = "/api/ingest";

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(Route).AddEndpointFilter<ApiKeyFilter>();
        api.MapPost("/", StartAsync);
        api.MapGet("/", ListAsync);
        api.MapGet("/{id}", GetStatusAsync);
        api.MapPost("/{id}/terminate", TerminateAsync);
        api.MapDelete("/{id}", PurgeAsync);
    }

    private static async Task<IResult> StartAsync(HttpRequest request, IngestRequestReader reader, RunHost runs, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await reader.ReadAsync(request.Body, request.ContentType, request.ContentLength, cancellationToken);
        if (!body.IsValid)
        {
            return ApiResults.Json((int)body.Status, body.ToErrorDocument());
        }

        var instanceId = request.Query["instanceId"].FirstOrDefault();
        if (string.IsNullOrEmpty(instanceId))
        {
            instanceId = RunStarter.NewRunId(time);
        }
        else if (!RunKeys.IsValidRunId(instanceId))
        {
            return ApiResults.Problem(
                StatusCodes.Status400BadRequest, "invalid instance id", "instanceId", $"'{instanceId}' is not valid: use 1-80 letters, digits, '-', '_' or '.', not starting with '.'");
        }

        if (runs.IsStopping)
        {
            return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "the host is stopping", string.Empty, "this host is shutting down; start the run again once it is back");
        }

        try
        {
            // Not the request's token: a caller hanging up must not leave a run half stored.
            await runs.StartNewAsync(instanceId, body.Config!, CancellationToken.None);
        }
        catch (RunAlreadyExistsException)
        {
            var existing = await RunCatalog.ReadStatusAsync(runs.Store, instanceId, cancellationToken);
            return ApiResults.Problem(
                StatusCodes.Status409Conflict,
                "the instance id is in use",
                "instanceId",
                $"run '{instanceId}' already exists ({existing?.RuntimeStatus.ToString() ?? "being created"}); choose another instanceId, omit it, or purge the finished run first (DELETE {Route}/{instanceId})");
        }

        var payload = CheckStatusPayload.For(request, instanceId);
        request.HttpContext.Response.Headers.Location = payload.StatusQueryGetUri;
        request.HttpContext.Response.Headers.RetryAfter = CheckStatusPayload.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return ApiResults.Json(StatusCodes.Status202Accepted, payload);
    }

    private static async Task<IResult> GetStatusAsync(string id, RunHost runs, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(id) && await IngestStatusResponse.ReadAsync(runs.Store, id, cancellationToken) is { } status
            ? ApiResults.Json(StatusCodes.Status200OK, status)
            : UnknownRun(id);

    private static async Task<IResult> ListAsync(HttpRequest request, RunHost runs, CancellationToken cancellationToken)
    {
        var top = int.TryParse(request.Query["top"].FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : int.MaxValue;
        var statuses = await RunCatalog.ListStatusesAsync(runs.Store, cancellationToken);
        return ApiResults.Json(StatusCodes.Status200OK, statuses.Take(top).ToList());
    }

    private static async Task<IResult> TerminateAsync(string id, RunHost runs, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(id) ? ToResult(id, await runs.TerminateAsync(id, cancellationToken), StatusCodes.Status202Accepted) : UnknownRun(id);

    private static async Task<IResult> PurgeAsync(string id, RunHost runs, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(id) ? ToResult(id, await runs.PurgeAsync(id, cancellationToken), StatusCodes.Status200OK) : UnknownRun(id);

    private static IResult ToResult(string id, RunControlResult result, int acceptedStatus) => result.Outcome switch
    {
        RunControlOutcome.Accepted => ApiResults.Json(acceptedStatus, new RunControlResponse(id, result.Message)),
        RunControlOutcome.NotFound => UnknownRun(id),
        _ => ApiResults.Problem(StatusCodes.Status409Conflict, "the run is in the wrong state", "id", result.Message),
    };

    private static IResult UnknownRun(string id) => ApiResults.Problem(StatusCodes.Status404NotFound, "unknown instance", "id", $"no run '{id}'");
}
