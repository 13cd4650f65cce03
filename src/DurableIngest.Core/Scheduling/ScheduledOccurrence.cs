using System.Globalization;

namespace DurableIngest.Scheduling;

/// <summary>
/// A due occurrence of a schedule and the run id it starts, <c>&lt;name&gt;-&lt;yyyyMMddTHHmm&gt;</c> of the occurrence
/// time (UTC). The id is the same on every host, so two hosts evaluating the same minute start one run.
/// </summary>
public sealed record ScheduledOccurrence(ScheduleDefinition Schedule, DateTime OccurrenceUtc, string RunId, int Missed)
{
    /// <summary>The most earlier occurrences counted as missed (a host down for a year would otherwise count for long).</summary>
    public const int MissedCountLimit = 1000;

    public static string RunIdFor(string scheduleName, DateTime occurrenceUtc) =>
        $"{scheduleName}-{occurrenceUtc.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture)}";
}
