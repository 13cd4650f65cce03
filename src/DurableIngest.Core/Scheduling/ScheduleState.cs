namespace DurableIngest.Scheduling;

/// <summary>
/// <c>schedules/&lt;name&gt;.json</c> in the run store: occurrences at or before <see cref="EvaluatedThrough"/> are dealt
/// with (the next evaluation looks after it), and <see cref="LastRunId"/> is the latest run the schedule started
/// (checked for overlap).
/// </summary>
public sealed record ScheduleState(DateTime EvaluatedThrough, string? LastRunId);
