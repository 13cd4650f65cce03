using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using DurableIngest.Workflow;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableIngest.Functions.Scheduling;

/// <summary>The schedule evaluator's view of Durable Functions: instance status for overlap, and starting a run.</summary>
internal sealed class DurableScheduleRunPort : IScheduleRunPort
{
    private readonly DurableTaskClient _client;
    private readonly ScheduledRunStarter _starter;
    private readonly IRunStore _store;

    public DurableScheduleRunPort(DurableTaskClient client, ScheduledRunStarter starter, IRunStore store)
    {
        _client = client;
        _starter = starter;
        _store = store;
    }

    /// <summary>Pending, Running or Suspended: a suspended run is unfinished too, so a new one must not overlap it.</summary>
    public async Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) =>
        await _client.GetInstanceAsync(runId, false, cancellationToken) is
        {
            RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended,
        };

    public async Task StartAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(occurrence);
        if (await _client.GetInstanceAsync(occurrence.RunId, false, cancellationToken) is not null)
        {
            throw new RunAlreadyExistsException(occurrence.RunId);
        }

        RunManifest manifest;
        try
        {
            manifest = await _starter.CreateRunAsync(occurrence, cancellationToken);
        }
        catch (RunAlreadyExistsException)
        {
            // Stored but never scheduled (the host stopped in between): schedule it now rather than lose the occurrence.
            manifest = await _store.ReadAsync<RunManifest>(RunKeys.Manifest(occurrence.RunId), cancellationToken)
                ?? throw new RunAlreadyExistsException(occurrence.RunId);
        }

        await _client.ScheduleNewOrchestrationInstanceAsync(
            ActivityNames.Orchestration, manifest.Request, new StartOrchestrationOptions { InstanceId = occurrence.RunId }, cancellationToken);
    }
}
