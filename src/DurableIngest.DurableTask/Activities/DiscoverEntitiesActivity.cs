using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Activities;

/// <summary><see cref="ActivityNames.Discover"/>: <see cref="IngestionActivities.DiscoverAsync"/>.</summary>
internal sealed class DiscoverEntitiesActivity(IngestionActivities activities, CancellationToken stopping) : AsyncTaskActivity<DiscoverInput, DiscoveryOutcome>
{
    protected override Task<DiscoveryOutcome> ExecuteAsync(TaskContext context, DiscoverInput input) => activities.DiscoverAsync(input, stopping);
}
