using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableIngest.Functions.Http;

/// <summary>
/// The ingest API's view of Durable Functions: a run is an orchestration instance under the run id; its summary and
/// documents are in the run store.
/// </summary>
internal sealed class DurableRunControl : IRunControl
{
    // Azure Storage lists instances in no particular order: the newest are found among at most this many.
    private const int ListScanLimit = 10_000;

    private readonly DurableTaskClient _client;
    private readonly IRunStore _store;

    public DurableRunControl(DurableTaskClient client, IRunStore store)
    {
        _client = client;
        _store = store;
    }

    public bool IsAcceptingRuns => true;

    public async Task<bool> IsKnownAsync(string runId, CancellationToken cancellationToken) =>
        await _client.GetInstanceAsync(runId, false, cancellationToken) is not null;

    public async Task LaunchAsync(RunManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(
                ActivityNames.Orchestration, manifest.Request, new StartOrchestrationOptions { InstanceId = manifest.RunId }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Durable's refusal of a duplicate id differs by backend; the instance being there is what counts.
            if (await IsKnownAsync(manifest.RunId, CancellationToken.None))
            {
                throw new RunAlreadyExistsException(manifest.RunId);
            }

            throw;
        }
    }

    public async Task<RunStatusView?> GetStatusAsync(string runId, CancellationToken cancellationToken) =>
        await _client.GetInstanceAsync(runId, getInputsAndOutputs: true, cancellationToken) is { } instance ? ToView(instance) : null;

    public async Task<IReadOnlyList<RunStatusView>> ListAsync(int top, CancellationToken cancellationToken)
    {
        var instances = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery { PageSize = Math.Min(top, 100), FetchInputsAndOutputs = true };
        await foreach (var instance in _client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == ActivityNames.Orchestration)
            {
                instances.Add(instance);
            }

            if (instances.Count >= ListScanLimit)
            {
                break;
            }
        }

        return [.. instances.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.InstanceId, StringComparer.Ordinal).Take(top).Select(ToView)];
    }

    public async Task<RunControlResult> TerminateAsync(string runId, CancellationToken cancellationToken)
    {
        if (await _client.GetInstanceAsync(runId, false, cancellationToken) is not { } instance)
        {
            return new RunControlResult(RunControlOutcome.NotFound, $"no run '{runId}'");
        }

        if (!IsUnfinished(instance.RuntimeStatus))
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' has already finished ({ToRunStatus(instance)})");
        }

        await _client.TerminateInstanceAsync(runId, "terminated on request", cancellationToken);
        return new RunControlResult(
            RunControlOutcome.Accepted,
            $"termination requested; GET {IngestApi.Route}/{runId} shows Terminated once it is done (chunks already running finish, their results are discarded)");
    }

    public async Task<RunControlResult> PurgeAsync(string runId, CancellationToken cancellationToken)
    {
        if (await _client.GetInstanceAsync(runId, false, cancellationToken) is not { } instance)
        {
            return new RunControlResult(RunControlOutcome.NotFound, $"no run '{runId}'");
        }

        if (IsUnfinished(instance.RuntimeStatus))
        {
            return new RunControlResult(RunControlOutcome.Conflict, $"run '{runId}' is {ToRunStatus(instance)}; terminate it first (POST {IngestApi.Route}/{runId}/terminate)");
        }

        await _client.PurgeInstanceAsync(runId, cancellationToken);
        var deleted = await RunDocuments.DeleteAllAsync(_store, runId, cancellationToken);
        return new RunControlResult(RunControlOutcome.Accepted, $"run '{runId}' purged: its history and {deleted} documents deleted");
    }

    private static bool IsUnfinished(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

    private static RunStatusView ToView(OrchestrationMetadata instance) => new(
        instance.InstanceId,
        instance.Name,
        ToRunStatus(instance),
        instance.CreatedAt.UtcDateTime,
        instance.LastUpdatedAt.UtcDateTime,
        instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>(),
        null,
        instance.FailureDetails is { } failure ? $"{ActivityFailedException.ShortTypeName(failure.ErrorType)}: {failure.ErrorMessage}" : null);

    // A completed orchestration reports the workflow's own verdict (Completed, CompletedWithErrors or Failed).
    private static RunStatus ToRunStatus(OrchestrationMetadata instance) => instance.RuntimeStatus switch
    {
        OrchestrationRuntimeStatus.Completed => instance.SerializedOutput is null ? RunStatus.Completed : instance.ReadOutputAs<RunResult>()?.Status ?? RunStatus.Completed,
        OrchestrationRuntimeStatus.Pending => RunStatus.Pending,
        OrchestrationRuntimeStatus.Suspended => RunStatus.Suspended,
        OrchestrationRuntimeStatus.Failed => RunStatus.Failed,
        OrchestrationRuntimeStatus.Terminated => RunStatus.Terminated,
        _ => RunStatus.Running,
    };
}
