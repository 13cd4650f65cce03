namespace DurableIngest.Scheduling;

/// <summary>The outcome for one due occurrence, with the reason that was logged.</summary>
public sealed record ScheduleDecision(string ScheduleName, DateTime OccurrenceUtc, string RunId, ScheduleDecisionKind Kind, string Reason, int Missed = 0);
