using DurableIngest.Workflow;
using DurableTask.Core;

namespace DurableIngest.DurableTask.Orchestration;

/// <summary>A fresh <see cref="IngestionTaskOrchestration"/> for every execution: an instance holds one replay's status.</summary>
internal sealed class IngestionOrchestrationCreator : ObjectCreator<TaskOrchestration>
{
    public IngestionOrchestrationCreator()
    {
        Name = ActivityNames.Orchestration;
        Version = string.Empty;
    }

    public override TaskOrchestration Create() => new IngestionTaskOrchestration();
}
