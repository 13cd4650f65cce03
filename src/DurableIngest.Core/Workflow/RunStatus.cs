using System.Text.Json.Serialization;

namespace DurableIngest.Workflow;

/// <summary>A run's status, using Durable Functions' runtime status names plus our CompletedWithErrors.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RunStatus>))]
public enum RunStatus
{
    Pending,
    Running,
    Completed,
    CompletedWithErrors,
    Failed,
    Terminated,
}
