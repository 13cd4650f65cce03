using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Activities;

/// <summary><see cref="ActivityNames.ProcessChunk"/>: <see cref="IngestionActivities.ProcessChunkAsync"/>.</summary>
internal sealed class ProcessChunkActivity(IngestionActivities activities, CancellationToken stopping) : AsyncTaskActivity<ChunkInput, ChunkOutcome>
{
    protected override Task<ChunkOutcome> ExecuteAsync(TaskContext context, ChunkInput input) => activities.ProcessChunkAsync(input, stopping);
}
