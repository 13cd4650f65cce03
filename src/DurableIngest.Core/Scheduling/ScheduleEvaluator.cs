using DurableIngest.Configuration;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Scheduling;

/// <summary>
/// Decides which schedule occurrences are due and starts their runs. Hosts call it periodically (the Functions timer
/// every minute). Rules:
/// <list type="bullet">
/// <item>Due means after the last occurrence dealt with and at or before now (UTC, from the injected clock).</item>
/// <item>Missed occurrences (no host evaluated while they passed): only the latest one starts; the others are logged
/// and dropped, so a host that was down for a week starts one nightly run, not seven.</item>
/// <item>Overlap: while the schedule's previous run is Pending or Running the occurrence is skipped (logged), not queued.</item>
/// <item>Racing hosts: run ids are deterministic and starting fails on an existing id, so hosts evaluating the same
/// minute start one run; "already exists" means another host started it.</item>
/// <item>A schedule seen for the first time looks back <see cref="FirstEvaluationLookback"/>, so an occurrence that
/// passed just before the host's first tick still starts.</item>
/// </list>
/// </summary>
public sealed class ScheduleEvaluator
{
    public static readonly TimeSpan FirstEvaluationLookback = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ScheduleEvaluator(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>The due occurrence of each enabled schedule: the latest after <paramref name="lastEvaluatedUtc"/> and at or before now.</summary>
    public IReadOnlyList<ScheduledOccurrence> GetDueOccurrences(IEnumerable<ScheduleDefinition> schedules, DateTime lastEvaluatedUtc)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        var now = _time.GetUtcNow().UtcDateTime;
        return [.. schedules.Select(s => GetDueOccurrence(s, lastEvaluatedUtc, now)).OfType<ScheduledOccurrence>()];
    }

    /// <summary>
    /// Evaluates every schedule against its stored state, starts what is due through <paramref name="port"/> and records
    /// the outcome. One schedule's failure never stops the others.
    /// </summary>
    public async Task<IReadOnlyList<ScheduleDecision>> EvaluateAsync(
        IReadOnlyList<ScheduleDefinition> schedules, ScheduleStateStore states, IScheduleRunPort port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(port);
        var now = _time.GetUtcNow().UtcDateTime;
        var decisions = new List<ScheduleDecision>();
        foreach (var schedule in schedules.Where(s => s.Enabled))
        {
            try
            {
                var state = await states.GetAsync(schedule.Name, cancellationToken);
                var lastEvaluated = state?.EvaluatedThrough ?? now - FirstEvaluationLookback;
                if (GetDueOccurrence(schedule, lastEvaluated, now) is not { } occurrence)
                {
                    continue;
                }

                var decision = await DecideAsync(occurrence, state?.LastRunId, port, cancellationToken);
                decisions.Add(decision);
                if (decision.Kind != ScheduleDecisionKind.Deferred)
                {
                    var lastRunId = decision.Kind is ScheduleDecisionKind.Started or ScheduleDecisionKind.StartedElsewhere ? occurrence.RunId : state?.LastRunId;
                    await states.SaveAsync(schedule.Name, new ScheduleState(occurrence.OccurrenceUtc, lastRunId), cancellationToken);
                }
                else if (state is null)
                {
                    // Keep the window open where it started, so the next tick still sees this occurrence.
                    await states.SaveAsync(schedule.Name, new ScheduleState(lastEvaluated, null), cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Schedule {Schedule}: evaluation failed; it is evaluated again at the next tick", schedule.Name);
            }
        }

        return decisions;
    }

    private ScheduledOccurrence? GetDueOccurrence(ScheduleDefinition schedule, DateTime lastEvaluatedUtc, DateTime now)
    {
        if (!schedule.Enabled || schedule.LatestOccurrence(lastEvaluatedUtc, now) is not { } latest)
        {
            return null;
        }

        var missed = schedule.CountOccurrences(lastEvaluatedUtc, latest, ScheduledOccurrence.MissedCountLimit);
        if (missed > 0)
        {
            _logger.LogWarning(
                "Schedule {Schedule}: {Missed}{More} occurrence(s) between {Last:u} and {Latest:u} passed while no host evaluated schedules; only the latest starts",
                schedule.Name, missed, missed >= ScheduledOccurrence.MissedCountLimit ? "+" : string.Empty, lastEvaluatedUtc, latest);
        }

        return new ScheduledOccurrence(schedule, latest, ScheduledOccurrence.RunIdFor(schedule.Name, latest), missed);
    }

    private async Task<ScheduleDecision> DecideAsync(ScheduledOccurrence occurrence, string? previousRunId, IScheduleRunPort port, CancellationToken cancellationToken)
    {
        var name = occurrence.Schedule.Name;
        if (previousRunId == occurrence.RunId)
        {
            return Decide(occurrence, ScheduleDecisionKind.StartedElsewhere, $"run {occurrence.RunId} was already started for this occurrence");
        }

        if (previousRunId is not null && await port.IsActiveAsync(previousRunId, cancellationToken))
        {
            return Decide(occurrence, ScheduleDecisionKind.SkippedOverlap, $"the previous run {previousRunId} is still pending or running; this occurrence is skipped, not queued");
        }

        try
        {
            await port.StartAsync(occurrence, cancellationToken);
            return Decide(occurrence, ScheduleDecisionKind.Started, $"started run {occurrence.RunId}");
        }
        catch (RunAlreadyExistsException)
        {
            return Decide(occurrence, ScheduleDecisionKind.StartedElsewhere, $"run {occurrence.RunId} already exists: another host started it");
        }
        catch (ConfigException e)
        {
            return Decide(occurrence, ScheduleDecisionKind.Failed, $"the workflow is invalid, so this occurrence does not run: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogDebug(e, "Schedule {Schedule}: starting {RunId} failed", name, occurrence.RunId);
            return Decide(occurrence, ScheduleDecisionKind.Deferred, $"starting run {occurrence.RunId} failed ({e.GetType().Name}: {e.Message}); retried at the next tick");
        }
    }

    private ScheduleDecision Decide(ScheduledOccurrence occurrence, ScheduleDecisionKind kind, string reason)
    {
        var level = kind switch
        {
            ScheduleDecisionKind.Started or ScheduleDecisionKind.StartedElsewhere => LogLevel.Information,
            ScheduleDecisionKind.Failed => LogLevel.Error,
            _ => LogLevel.Warning,
        };
        _logger.Log(level, "Schedule {Schedule}, occurrence {Occurrence:u}: {Decision}: {Reason}", occurrence.Schedule.Name, occurrence.OccurrenceUtc, kind, reason);
        return new ScheduleDecision(occurrence.Schedule.Name, occurrence.OccurrenceUtc, occurrence.RunId, kind, reason, occurrence.Missed);
    }
}
