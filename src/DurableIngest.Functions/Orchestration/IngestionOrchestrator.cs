using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DurableIngest.Functions.Orchestration;

/// <summary>
/// The ingestion orchestration, registered under <see cref="ActivityNames.Orchestration"/>. The workflow itself is
/// <see cref="IngestionOrchestration"/>, shared with the local runtime; this is only the Durable Functions entry point.
/// </summary>
public static class IngestionOrchestrator
{
    [Function(ActivityNames.Orchestration)]
    public static Task<RunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.GetInput<IngestionRequest>()
            ?? throw new InvalidOperationException($"Orchestration '{context.InstanceId}' has no input; start runs through POST /api/ingest or a schedule.");
        return IngestionOrchestration.RunAsync(new DurableOrchestrationContextAdapter(context), request);
    }
}
