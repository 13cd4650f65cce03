using System.Net;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Functions.Http;

/// <summary>
/// <c>POST /api/ingest/{id}/terminate</c>: stops a Pending, Running or Suspended run (202; 404 unknown; 409 already
/// finished). Activities already executing finish, but their results are discarded and no summary is written.
/// </summary>
public sealed class TerminateFunction
{
    private readonly ILogger<TerminateFunction> _logger;

    public TerminateFunction(ILogger<TerminateFunction> logger) => _logger = logger;

    [Function("Terminate")]
    public async Task<HttpResponseData> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ingest/{id}/terminate")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;
        if (await client.GetInstanceAsync(id, false, cancellationToken) is not { } instance)
        {
            return await HttpResponses.ProblemAsync(request, HttpStatusCode.NotFound, "unknown instance", "id", $"no run '{id}'");
        }

        if (instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended))
        {
            return await HttpResponses.ProblemAsync(request, HttpStatusCode.Conflict, "the run has finished", "id", $"run '{id}' is already {instance.RuntimeStatus}");
        }

        await client.TerminateInstanceAsync(id, cancellationToken);
        _logger.LogWarning("Run {RunId} terminated over HTTP (was {Status})", id, instance.RuntimeStatus);
        return await HttpResponses.JsonAsync(request, HttpStatusCode.Accepted, new TerminateResponse(id, "termination requested; GET /api/ingest/" + id + " shows Terminated once it is done"));
    }

    /// <summary>The body of an accepted termination.</summary>
    public sealed record TerminateResponse(string Id, string Message);
}
