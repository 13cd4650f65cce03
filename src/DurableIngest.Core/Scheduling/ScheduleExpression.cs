using NCrontab;

namespace DurableIngest.Scheduling;

/// <summary>
/// Parses a schedule's 6-field NCRONTAB expression (second minute hour day month day-of-week, UTC) — the syntax of
/// Azure Functions timer triggers — and rejects what cannot work as a schedule: a second field with more than one
/// value (run ids are per minute) and expressions that never fire (such as 30 February).
/// </summary>
internal static class ScheduleExpression
{
    public const string Example = "0 0 2 * * *";

    private static readonly CrontabSchedule.ParseOptions Options = new() { IncludingSeconds = true };

    // Any expression that fires at all fires within one 400-year Gregorian cycle.
    private static readonly DateTime CycleStart = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime CycleEnd = CycleStart.AddYears(400);

    public static CrontabSchedule? TryParse(string expression, out string? error)
    {
        var (schedule, reason) = CrontabSchedule.TryParse(
            expression,
            Options,
            parsed => (parsed, (string?)null),
            failure => ((CrontabSchedule?)null, failure().Message));
        if (schedule is null)
        {
            error = $"'{expression}' is not a valid 6-field NCRONTAB expression (second minute hour day month day-of-week, UTC): {reason} " +
                $"For example '{Example}' runs every day at 02:00:00 UTC.";
            return null;
        }

        var seconds = CrontabField.Seconds(expression.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        if (Enumerable.Range(0, 60).Count(seconds.Contains) > 1)
        {
            error = $"'{expression}' fires more than once a minute; run ids are per minute, so give the second field a single value " +
                $"(for example '{Example}' runs every day at 02:00:00 UTC)";
            return null;
        }

        if (schedule.GetNextOccurrence(CycleStart, CycleEnd) >= CycleEnd)
        {
            error = $"'{expression}' never fires (no date matches its day and month, such as 30 February); " +
                $"for example '{Example}' runs every day at 02:00:00 UTC";
            return null;
        }

        error = null;
        return schedule;
    }
}
