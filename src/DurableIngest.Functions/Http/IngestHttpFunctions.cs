using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Functions.Http;

/// <summary>
/// The ingest API on Azure Functions: each function maps its route to <see cref="IngestApi"/>, the implementation
/// <c>durable-ingest serve</c> answers with too, over Durable Functions (<see cref="DurableRunControl"/>). Function-level
/// authorization: in Azure, callers send a function key (<c>x-functions-key</c> or <c>?code=</c>).
/// </summary>
public sealed class IngestHttpFunctions
{
    private readonly IngestRequestReader _reader;
    private readonly RunStarter _starter;
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestApi> _logger;

    public IngestHttpFunctions(IngestRequestReader reader, RunStarter starter, IRunStore store, TimeProvider time, ILogger<IngestApi> logger)
    {
        _reader = reader;
        _starter = starter;
        _store = store;
        _time = time;
        _logger = logger;
    }

    [Function("HttpStart")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ingest")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var collectionUrl = new Uri($"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}");
        return new ApiActionResult(await Api(client).StartAsync(
            request.Body, request.ContentType, request.ContentLength, request.Query["instanceId"].FirstOrDefault(), collectionUrl, cancellationToken));
    }

    [Function("ListRuns")]
    public async Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ingest")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiActionResult(await Api(client).ListAsync(request.Query["top"].FirstOrDefault(), cancellationToken));
    }

    [Function("GetStatus")]
    public async Task<IActionResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ingest/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ApiActionResult(await Api(client).GetStatusAsync(id, cancellationToken));

    [Function("GetReport")]
    public async Task<IActionResult> GetReportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "ingest/{id}/report")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ApiActionResult(await Api(client).GetReportAsync(id, cancellationToken));

    [Function("Terminate")]
    public async Task<IActionResult> TerminateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "ingest/{id}/terminate")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ApiActionResult(await Api(client).TerminateAsync(id, cancellationToken));

    [Function("Purge")]
    public async Task<IActionResult> PurgeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "ingest/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        new ApiActionResult(await Api(client).PurgeAsync(id, cancellationToken));

    private IngestApi Api(DurableTaskClient client) =>
        new(_reader, _starter, new DurableRunControl(client, _store), _store, _time, _logger);
}
