namespace DurableIngest.Workflow.Orchestration;

/// <summary>
/// Asks the runtime for a second attempt of a call that runs far longer than its activity usually takes: once an attempt
/// has run <see cref="SlowerThanMedian"/> times the median of that activity's completed attempts (measured over at least
/// <see cref="MinimumSamples"/> of them), a second attempt starts beside it; the first to finish is the call's result
/// and the other is cancelled. The tail of a run then waits for a straggler's median, not for the straggler.
/// Only for idempotent activities: both attempts may have written before one is cancelled.
/// Runtimes that cannot cancel an activity they started (Durable Functions, the Durable Task workers) run the call
/// without it; the local runtime (the CLI and <c>serve</c>) hedges with Polly's hedging strategy.
/// </summary>
/// <param name="SlowerThanMedian">How many medians an attempt may run before its second attempt starts; at least 1.</param>
/// <param name="MinimumSamples">Completed attempts of the activity needed before any call is hedged: no median, no guess.</param>
public sealed record ActivityHedging(double SlowerThanMedian, int MinimumSamples = ActivityHedging.DefaultMinimumSamples)
{
    public const int DefaultMinimumSamples = 5;

    /// <summary>
    /// No attempt is hedged before it has run this long, whatever the median: a second attempt cannot save more than the
    /// first has run, and for attempts of a few milliseconds a multiple of the median is scheduling noise.
    /// </summary>
    public static readonly TimeSpan MinimumRun = TimeSpan.FromMilliseconds(250);

    /// <summary>How long an attempt may run before a second one starts, given the activity's median attempt.</summary>
    public TimeSpan HedgeAfter(TimeSpan median)
    {
        var after = median * SlowerThanMedian;
        return after > MinimumRun ? after : MinimumRun;
    }
}
