using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Activities;

/// <summary><see cref="ActivityNames.Complete"/>: <see cref="IngestionActivities.CompleteAsync"/>.</summary>
internal sealed class CompleteRunActivity(IngestionActivities activities, CancellationToken stopping) : AsyncTaskActivity<CompleteInput, RunResult>
{
    protected override Task<RunResult> ExecuteAsync(TaskContext context, CompleteInput input) => activities.CompleteAsync(input, stopping);
}
