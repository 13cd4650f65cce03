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

    /// <summary>Durable Functions only: suspended through Durable's own API (the local runtime never suspends).</summary>
    Suspended,
}

/// <summary>What a run status says about the run's life.</summary>
public static class RunStatusExtensions
{
    /// <summary>Pending (stored, or interrupted and waiting to resume), Running or Suspended: the run may still change.</summary>
    public static bool IsUnfinished(this RunStatus status) => status is RunStatus.Pending or RunStatus.Running or RunStatus.Suspended;
}
