using System.Globalization;
using System.Net;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Http;

/// <summary>
/// The ingest API, written once for every host (<c>durable-ingest serve</c>, the Azure Functions app), which only map
/// their routes to these methods and write the <see cref="ApiResponse"/>:
/// <c>POST /api/ingest[?instanceId=ID]</c> starts a run, <c>GET /api/ingest/{id}</c> reports it,
/// <c>GET /api/ingest/{id}/report</c> serves its <c>report.html</c>, <c>GET /api/ingest[?top=N]</c> lists runs, <c>POST /api/ingest/{id}/terminate</c> stops one and
/// <c>DELETE /api/ingest/{id}</c> purges a finished one.
/// </summary>
public sealed class IngestApi
{
    public const string Route = "/api/ingest";

    /// <summary>Runs listed when <c>top</c> is not given.</summary>
    public const int DefaultListSize = 100;

    /// <summary>The most runs one list returns.</summary>
    public const int MaxListSize = 1000;

    private readonly IngestRequestReader _reader;
    private readonly RunStarter _starter;
    private readonly IRunControl _runs;
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public IngestApi(IngestRequestReader reader, RunStarter starter, IRunControl runs, IRunStore store, TimeProvider time, ILogger logger)
    {
        _reader = reader;
        _starter = starter;
        _runs = runs;
        _store = store;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Validates the workflow, stores the run and hands it to the runtime: 202 with this API's status URLs, 400 with every
    /// problem, 409 when the id is in use, 413/415 for the body, 503 when the host is stopping or the runtime did not
    /// take the run (the id stays free: a retry with the same id works).
    /// </summary>
    /// <param name="collectionUrl">The URL the request was posted to; the status URLs are built from it.</param>
    public async Task<ApiResponse> StartAsync(
        Stream body, string? contentType, long? contentLength, string? instanceId, Uri collectionUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collectionUrl);
        var request = await _reader.ReadAsync(body, contentType, contentLength, cancellationToken);
        if (!request.IsValid)
        {
            return ApiResponse.Json(request.Status, request.ToErrorDocument());
        }

        if (string.IsNullOrEmpty(instanceId))
        {
            instanceId = RunStarter.NewRunId(_time);
        }
        else if (!RunKeys.IsValidRunId(instanceId))
        {
            return ApiResponse.Problem(HttpStatusCode.BadRequest, "invalid instance id", "instanceId", $"'{instanceId}' is not a valid run id: use {RunKeys.RunIdRule}");
        }

        if (!_runs.IsAcceptingRuns)
        {
            return ApiResponse.Problem(HttpStatusCode.ServiceUnavailable, "the host is stopping", string.Empty, "this host is shutting down; start the run again once it is back");
        }

        // Not the request's token from here on: a caller hanging up must not leave a run half stored.
        if (await _runs.IsKnownAsync(instanceId, CancellationToken.None))
        {
            return await InUseAsync(instanceId);
        }

        RunManifest manifest;
        try
        {
            manifest = await _starter.CreateAsync(instanceId, request.Config!, null, null, CancellationToken.None);
        }
        catch (RunAlreadyExistsException)
        {
            // Stored by an earlier start that failed before the runtime took the run, and not cleaned up.
            try
            {
                manifest = await _starter.ReplaceAbandonedAsync(instanceId, request.Config!, CancellationToken.None);
            }
            catch (RunAlreadyExistsException)
            {
                return await InUseAsync(instanceId);
            }
        }

        try
        {
            await _runs.LaunchAsync(manifest, CancellationToken.None);
        }
        catch (RunAlreadyExistsException)
        {
            return await InUseAsync(instanceId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Run {RunId}: stored, but the runtime did not take it; removing it so the id can be used again", instanceId);
            await ForgetQuietlyAsync(instanceId);
            return ApiResponse.Problem(
                HttpStatusCode.ServiceUnavailable,
                "the run could not be started",
                string.Empty,
                $"the runtime did not accept run '{instanceId}' ({e.GetType().Name}: {e.Message}); nothing was kept, so send the same request again");
        }

        _logger.LogInformation(
            "Run {RunId} started over HTTP: service {Service}, {Source} to {Sink}", instanceId, manifest.Service, manifest.SourceType, manifest.SinkType);
        var payload = CheckStatusPayload.For(collectionUrl, instanceId);
        return ApiResponse.Json(
            HttpStatusCode.Accepted,
            payload,
            new("Location", payload.StatusQueryGetUri),
            new("Retry-After", CheckStatusPayload.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>200 with the run's status (and its summary once it has finished), 404 for an unknown run.</summary>
    public async Task<ApiResponse> GetStatusAsync(string id, CancellationToken cancellationToken)
    {
        if (!RunKeys.IsValidRunId(id) || await _runs.GetStatusAsync(id, cancellationToken) is not { } status)
        {
            return UnknownRun(id);
        }

        var summary = status.RuntimeStatus.IsUnfinished() ? null : await _store.ReadAsync<RunSummary>(RunKeys.Summary(id), cancellationToken);
        return ApiResponse.Json(HttpStatusCode.OK, status with { Output = summary });
    }

    /// <summary>
    /// 200 with a finished run's <c>report.html</c>; 409 while it runs; 404 for an unknown run or one that ended without
    /// completing (terminated, or finished before reports were written).
    /// </summary>
    public async Task<ApiResponse> GetReportAsync(string id, CancellationToken cancellationToken)
    {
        if (!RunKeys.IsValidRunId(id) || await _runs.GetStatusAsync(id, cancellationToken) is not { } status)
        {
            return UnknownRun(id);
        }

        if (status.RuntimeStatus.IsUnfinished())
        {
            return ApiResponse.Problem(
                HttpStatusCode.Conflict, "the run has not finished", "id", $"run '{id}' is {status.RuntimeStatus}; its report is written when it completes");
        }

        return await _store.GetAsync(RunKeys.Report(id), cancellationToken) is { } report
            ? ApiResponse.Html(HttpStatusCode.OK, report.Content.ToArray())
            : ApiResponse.Problem(
                HttpStatusCode.NotFound, "no report", "id", $"run '{id}' ended {status.RuntimeStatus} without a report: reports are written when a run completes");
    }

    /// <summary>200 with up to <paramref name="top"/> runs (default <see cref="DefaultListSize"/>), newest first.</summary>
    public async Task<ApiResponse> ListAsync(string? top, CancellationToken cancellationToken)
    {
        var count = DefaultListSize;
        if (!string.IsNullOrEmpty(top)
            && (!int.TryParse(top, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxListSize))
        {
            return ApiResponse.Problem(HttpStatusCode.BadRequest, "invalid query", "top", $"must be a whole number from 1 to {MaxListSize}, not '{top}'");
        }

        return ApiResponse.Json(HttpStatusCode.OK, await _runs.ListAsync(count, cancellationToken));
    }

    /// <summary>202 when the run will stop; 409 when it has finished; 404 when unknown.</summary>
    public async Task<ApiResponse> TerminateAsync(string id, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(id) ? ToResponse(id, await _runs.TerminateAsync(id, cancellationToken), HttpStatusCode.Accepted) : UnknownRun(id);

    /// <summary>200 when every trace of a finished run is gone; 409 while it is unfinished; 404 when unknown.</summary>
    public async Task<ApiResponse> PurgeAsync(string id, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(id) ? ToResponse(id, await _runs.PurgeAsync(id, cancellationToken), HttpStatusCode.OK) : UnknownRun(id);

    private async Task<ApiResponse> InUseAsync(string runId)
    {
        var status = await _runs.GetStatusAsync(runId, CancellationToken.None);
        return ApiResponse.Problem(
            HttpStatusCode.Conflict,
            "the instance id is in use",
            "instanceId",
            $"run '{runId}' already exists ({status?.RuntimeStatus.ToString() ?? "being started"}); choose another instanceId, omit it, " +
            $"or purge the finished run first (DELETE {Route}/{runId})");
    }

    private async Task ForgetQuietlyAsync(string runId)
    {
        try
        {
            await _starter.ForgetAsync(runId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The next start with this id replaces what is left once it is stale (see StartAsync).
            _logger.LogWarning("Run {RunId}: could not remove the stored run ({Reason}); a retry replaces it", runId, e.Message);
        }
    }

    private static ApiResponse ToResponse(string id, RunControlResult result, HttpStatusCode accepted) => result.Outcome switch
    {
        RunControlOutcome.Accepted => ApiResponse.Json(accepted, new RunControlResponse(id, result.Message)),
        RunControlOutcome.NotFound => UnknownRun(id),
        _ => ApiResponse.Problem(HttpStatusCode.Conflict, "the run is in the wrong state", "id", result.Message),
    };

    private static ApiResponse UnknownRun(string id) => ApiResponse.Problem(HttpStatusCode.NotFound, "unknown instance", "id", $"no run '{id}'");
}
