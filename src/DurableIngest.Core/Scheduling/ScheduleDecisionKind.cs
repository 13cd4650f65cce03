namespace DurableIngest.Scheduling;

/// <summary>What an evaluation did with a due occurrence.</summary>
public enum ScheduleDecisionKind
{
    /// <summary>This host started the run.</summary>
    Started,

    /// <summary>The run id was already taken: another host (or an earlier evaluation) started it.</summary>
    StartedElsewhere,

    /// <summary>The schedule's previous run is still Pending or Running; this occurrence is skipped, not queued.</summary>
    SkippedOverlap,

    /// <summary>The run cannot start (its workflow is invalid); the occurrence is not retried.</summary>
    Failed,

    /// <summary>Starting failed in a way a retry may cure (storage unreachable); the next evaluation tries again.</summary>
    Deferred,
}
