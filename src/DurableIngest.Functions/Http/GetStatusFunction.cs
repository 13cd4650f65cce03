using System.Net;
using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace DurableIngest.Functions.Http;

/// <summary><c>GET /api/ingest/{id}</c>: a run's status, progress and, once completed, its result (404 for an unknown id).</summary>
public static class GetStatusFunction
{
    [Function("GetStatus")]
    public static async Task<HttpResponseData> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ingest/{id}")] HttpRequestData request,
        string id,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        if (await client.GetInstanceAsync(id, true, context.CancellationToken) is not { } instance)
        {
            return await HttpResponses.ProblemAsync(request, HttpStatusCode.NotFound, "unknown instance", "id", $"no run '{id}'");
        }

        var completed = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed;
        var output = completed ? instance.ReadOutputAs<RunResult>() : null;
        return await HttpResponses.JsonAsync(request, HttpStatusCode.OK, new InstanceStatusResponse(
            instance.InstanceId,
            instance.Name,
            output?.Status.ToString() ?? instance.RuntimeStatus.ToString(),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>(),
            output,
            instance.FailureDetails is { } failure ? $"{failure.ErrorType}: {failure.ErrorMessage}" : null));
    }
}
