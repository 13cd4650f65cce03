using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;

namespace DurableIngest.Functions.Activities;

/// <summary>
/// The activities, registered under <see cref="ActivityNames"/>: each a line of glue over <see cref="IngestionActivities"/>,
/// which every runtime shares. A transient failure thrown here is retried by Durable Task per the run's retry policy.
/// </summary>
public sealed class IngestionActivityFunctions
{
    private readonly IngestionActivities _activities;

    public IngestionActivityFunctions(IngestionActivities activities) => _activities = activities;

    [Function(ActivityNames.Discover)]
    public Task<DiscoveryOutcome> DiscoverEntitiesAsync([ActivityTrigger] DiscoverInput input, CancellationToken cancellationToken) =>
        _activities.DiscoverAsync(input, cancellationToken);

    [Function(ActivityNames.ProcessChunk)]
    public Task<ChunkOutcome> ProcessChunkAsync([ActivityTrigger] ChunkInput input, CancellationToken cancellationToken) =>
        _activities.ProcessChunkAsync(input, cancellationToken);

    [Function(ActivityNames.Complete)]
    public Task<RunResult> CompleteRunAsync([ActivityTrigger] CompleteInput input, CancellationToken cancellationToken) =>
        _activities.CompleteAsync(input, cancellationToken);
}
