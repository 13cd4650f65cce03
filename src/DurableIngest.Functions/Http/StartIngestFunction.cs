using System.Globalization;
using System.Net;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Functions.Http;

/// <summary>
/// <c>POST /api/ingest[?instanceId=ID]</c> with a workflow file (YAML or JSON) as the body: validates it (400 with every
/// problem and its path; 413 too large; 415 not YAML or JSON), refuses an id already in use (409), stores the run and
/// starts the orchestration under that id (202 with Durable's status URLs).
/// </summary>
public sealed class StartIngestFunction
{
    private readonly IngestRequestReader _reader;
    private readonly RunStarter _starter;
    private readonly TimeProvider _time;
    private readonly ILogger<StartIngestFunction> _logger;

    public StartIngestFunction(IngestRequestReader reader, RunStarter starter, TimeProvider time, ILogger<StartIngestFunction> logger)
    {
        _reader = reader;
        _starter = starter;
        _time = time;
        _logger = logger;
    }

    [Function("HttpStart")]
    public async Task<HttpResponseData> HttpStartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ingest")] HttpRequestData request,
        [DurableClient] DurableTaskClient client,
        FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.CancellationToken;

        var length = long.TryParse(HttpResponses.Header(request, "Content-Length"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var declared) ? declared : (long?)null;
        var body = await _reader.ReadAsync(request.Body, HttpResponses.Header(request, "Content-Type"), length, cancellationToken);
        if (!body.IsValid)
        {
            return await HttpResponses.JsonAsync(request, body.Status, body.ToErrorDocument());
        }

        var instanceId = request.Query["instanceId"];
        if (string.IsNullOrEmpty(instanceId))
        {
            instanceId = RunStarter.NewRunId(_time);
        }
        else if (!RunKeys.IsValidRunId(instanceId))
        {
            return await HttpResponses.ProblemAsync(
                request, HttpStatusCode.BadRequest, "invalid instance id", "instanceId", $"'{instanceId}' is not valid: use 1-80 letters, digits, '-', '_' or '.', not starting with '.'");
        }

        if (await client.GetInstanceAsync(instanceId, false, cancellationToken) is { } existing)
        {
            return await Conflict(request, instanceId, $"instance '{instanceId}' already exists ({existing.RuntimeStatus}); choose another instanceId, or omit it");
        }

        RunManifest manifest;
        try
        {
            manifest = await _starter.CreateAsync(instanceId, body.Config!, null, null, cancellationToken);
        }
        catch (RunAlreadyExistsException)
        {
            return await Conflict(request, instanceId, $"run '{instanceId}' already exists in the run store; choose another instanceId, or omit it");
        }

        await client.ScheduleNewOrchestrationInstanceAsync(
            ActivityNames.Orchestration, manifest.Request, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
        _logger.LogInformation("Run {RunId} started over HTTP: service {Service}, {Source} to {Sink}", instanceId, manifest.Service, manifest.SourceType, manifest.SinkType);
        return await client.CreateCheckStatusResponseAsync(request, instanceId, cancellationToken);
    }

    private static Task<HttpResponseData> Conflict(HttpRequestData request, string instanceId, string message) =>
        HttpResponses.ProblemAsync(request, HttpStatusCode.Conflict, "the instance id is in use", "instanceId", message);
}
