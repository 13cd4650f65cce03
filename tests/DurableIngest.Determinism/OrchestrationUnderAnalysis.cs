using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace DurableIngest.Determinism;

/// <summary>
/// Core's orchestration as the analyzers recognise one: a Durable Functions orchestrator whose body calls it, so they
/// walk <see cref="IngestionOrchestration"/> and every method it calls in this compilation. Never run.
/// </summary>
public static class OrchestrationUnderAnalysis
{
    [Function(ActivityNames.Orchestration)]
    public static Task<RunResult> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, IngestionRequest request) =>
        IngestionOrchestration.RunAsync(null!, request);
}
