using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Activities;

/// <summary>
/// The activities, registered under <see cref="ActivityNames"/>: each a line of glue over <see cref="IngestionActivities"/>,
/// which every runtime shares. A failure thrown here is retried by the engine per the run's retry policy.
/// </summary>
internal static class IngestionTaskActivities
{
    /// <summary>The three activities over <paramref name="activities"/>; <paramref name="stopping"/> cancels them when the worker gives up waiting for them.</summary>
    public static IReadOnlyList<ObjectCreator<TaskActivity>> Create(IngestionActivities activities, CancellationToken stopping) =>
    [
        new NameValueObjectCreator<TaskActivity>(ActivityNames.Discover, string.Empty, new DiscoverEntitiesActivity(activities, stopping)),
        new NameValueObjectCreator<TaskActivity>(ActivityNames.ProcessChunk, string.Empty, new ProcessChunkActivity(activities, stopping)),
        new NameValueObjectCreator<TaskActivity>(ActivityNames.Complete, string.Empty, new CompleteRunActivity(activities, stopping)),
    ];
}
