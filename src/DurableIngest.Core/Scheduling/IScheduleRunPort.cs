namespace DurableIngest.Scheduling;

/// <summary>How the schedule evaluator reaches the host's runs (the local runtime, or Durable Functions).</summary>
public interface IScheduleRunPort
{
    /// <summary>True while the run is Pending or Running (not finished): a new occurrence must not overlap it.</summary>
    Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken);

    /// <summary>
    /// Starts the occurrence's run under <see cref="ScheduledOccurrence.RunId"/>. Throws
    /// <see cref="Workflow.RunAlreadyExistsException"/> when the id is taken (another host started it), and
    /// <see cref="Configuration.ConfigException"/> when the workflow is invalid.
    /// </summary>
    Task StartAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken);
}
