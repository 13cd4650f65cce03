using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Orchestration;

/// <summary>
/// The ingestion orchestration on the Durable Task Framework, registered under <see cref="ActivityNames.Orchestration"/>.
/// The workflow itself is <see cref="IngestionOrchestration"/>, shared with the other runtimes; this is only the entry
/// point. One instance per execution: the engine creates it for each replay, and it holds that replay's custom status.
/// </summary>
internal sealed class IngestionTaskOrchestration : TaskOrchestration<RunResult, IngestionRequest, string, object?>
{
    private DurableTaskOrchestrationContextAdapter? _adapter;

    public override Task<RunResult> RunTask(OrchestrationContext context, IngestionRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is null)
        {
            throw new InvalidOperationException(
                $"Orchestration '{context.OrchestrationInstance.InstanceId}' has no input; start runs with durable-ingest ingest --task-hub or serve --task-hub.");
        }

        _adapter = new DurableTaskOrchestrationContextAdapter(context);
        return IngestionOrchestration.RunAsync(_adapter, input);
    }

    public override object? OnGetStatus() => _adapter?.CustomStatus;
}
