using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Client;

/// <summary>
/// The run-control contract over a task hub: a run is an orchestration instance under the run id; its configuration,
/// chunks and summary are in the run store the workers share. <c>serve --task-hub</c> answers the ingest API with it,
/// and the CLI's <c>ingest --task-hub</c> starts and follows runs with it.
/// </summary>
public sealed class TaskHubRunControl : IRunControl
{
    // Azure Storage lists instances in no particular order: the newest are found among at most this many.
    private const int ListScanLimit = 10_000;

    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubClient _client;
    private readonly IRunStore _store;
    private readonly TimeProvider _time;

    public TaskHubRunControl(AzureStorageOrchestrationService service, IRunStore store, TimeProvider time)
    {
        _service = service;
        _client = new TaskHubClient(service);
        _store = store;
        _time = time;
    }

    /// <summary>How often <see cref="WaitAsync"/> reads the instance's status. Default 1 s.</summary>
    public TimeSpan PollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    public bool IsAcceptingRuns => true;

    public async Task<bool> IsKnownAsync(string runId, CancellationToken cancellationToken) =>
        await StateAsync(runId, cancellationToken) is not null;

    public async Task LaunchAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (await IsKnownAsync(manifest.RunId, cancellationToken))
        {
            throw new RunAlreadyExistsException(manifest.RunId);
        }

        // Only the small request travels: run id, width, chunk size, retry policy, threshold.
        await _client.CreateOrchestrationInstanceAsync(ActivityNames.Orchestration, string.Empty, manifest.RunId, manifest.Request).WaitAsync(cancellationToken);
    }

    public async Task<RunStatusView?> GetStatusAsync(string runId, CancellationToken cancellationToken) =>
        await StateAsync(runId, cancellationToken) is { } state ? ToView(state) : null;

    public async Task<IReadOnlyList<RunStatusView>> ListAsync(int top, CancellationToken cancellationToken)
    {
        var states = new List<OrchestrationState>();
        string? continuation = null;
        do
        {
            var page = await _service.GetOrchestrationStateAsync(DateTime.MinValue, null, null, 100, continuation, cancellationToken);
            states.AddRange(page.OrchestrationState.Where(s => s.Name == ActivityNames.Orchestration));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null && states.Count < ListScanLimit);

        return [.. states.OrderByDescending(s => s.CreatedTime).ThenBy(s => s.OrchestrationInstance.InstanceId, StringComparer.Ordinal).Take(top).Select(ToView)];
    }

    public async Task<RunControlResult> TerminateAsync(string runId, CancellationToken cancellationToken)
    {
        if (await StateAsync(runId, cancellationToken) is not { } state)
        {
            return new RunControlResult(RunControlOutcome.NotFound, $"no run '{runId}'");
        }

        if (!IsUnfinished(state.OrchestrationStatus))
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' has already finished ({ToRunStatus(state)})");
        }

        await _client.TerminateInstanceAsync(state.OrchestrationInstance, "terminated on request").WaitAsync(cancellationToken);
        return new RunControlResult(
            RunControlOutcome.Accepted,
            $"termination requested; GET {IngestApi.Route}/{runId} shows Terminated once it is done (chunks already running finish, their results are discarded)");
    }

    public async Task<RunControlResult> PurgeAsync(string runId, CancellationToken cancellationToken)
    {
        if (await StateAsync(runId, cancellationToken) is not { } state)
        {
            return new RunControlResult(RunControlOutcome.NotFound, $"no run '{runId}'");
        }

        if (IsUnfinished(state.OrchestrationStatus))
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' is {ToRunStatus(state)}; terminate it first (POST {IngestApi.Route}/{runId}/terminate)");
        }

        await _service.PurgeInstanceHistoryAsync(runId).WaitAsync(cancellationToken);
        var deleted = await RunDocuments.DeleteAllAsync(_store, runId, cancellationToken);
        return new RunControlResult(RunControlOutcome.Accepted, $"run '{runId}' purged: its history and {deleted} documents deleted");
    }

    /// <summary>
    /// Follows a run until it finishes, reporting each new progress to <paramref name="onProgress"/>; returns its final
    /// status. Cancelling stops following, not the run.
    /// </summary>
    public async Task<RunStatusView> WaitAsync(string runId, Action<RunProgress>? onProgress, CancellationToken cancellationToken)
    {
        string? lastStatus = null;
        while (true)
        {
            var state = await StateAsync(runId, cancellationToken) ?? throw new RunNotFoundException(runId);
            if (state.Status != lastStatus && HubPayloads.Progress(state.Status) is { } progress)
            {
                lastStatus = state.Status;
                onProgress?.Invoke(progress);
            }

            if (!IsUnfinished(state.OrchestrationStatus))
            {
                return ToView(state);
            }

            await Task.Delay(PollingInterval, _time, cancellationToken);
        }
    }

    private async Task<OrchestrationState?> StateAsync(string runId, CancellationToken cancellationToken) =>
        RunKeys.IsValidRunId(runId) ? await _client.GetOrchestrationStateAsync(runId).WaitAsync(cancellationToken) : null;

    private static bool IsUnfinished(OrchestrationStatus status) =>
        status is OrchestrationStatus.Pending or OrchestrationStatus.Running or OrchestrationStatus.Suspended or OrchestrationStatus.ContinuedAsNew;

    private static RunStatusView ToView(OrchestrationState state) => new(
        state.OrchestrationInstance.InstanceId,
        state.Name,
        ToRunStatus(state),
        state.CreatedTime,
        state.LastUpdatedTime,
        HubPayloads.Progress(state.Status),
        null,
        state.FailureDetails is { } failure ? $"{ActivityFailedException.ShortTypeName(failure.ErrorType)}: {failure.ErrorMessage}" : null);

    // A completed orchestration reports the workflow's own verdict (Completed, CompletedWithErrors or Failed).
    private static RunStatus ToRunStatus(OrchestrationState state) => state.OrchestrationStatus switch
    {
        OrchestrationStatus.Completed => HubPayloads.Result(state.Output)?.Status ?? RunStatus.Completed,
        OrchestrationStatus.Pending => RunStatus.Pending,
        OrchestrationStatus.Suspended => RunStatus.Suspended,
        OrchestrationStatus.Failed => RunStatus.Failed,
        OrchestrationStatus.Terminated or OrchestrationStatus.Canceled => RunStatus.Terminated,
        _ => RunStatus.Running,
    };
}
