using DurableIngest.Functions.Http;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Functions.Scheduling;

/// <summary>
/// Every minute: evaluates the schedule files deployed with the app (<c>DURABLE_INGEST_SCHEDULES_PATH</c>) and starts
/// what is due under deterministic run ids. The timer runs on one instance at a time; overlap with a still-running
/// previous run is skipped (see <see cref="ScheduleEvaluator"/>). Bad schedule files are logged and skipped.
/// </summary>
public sealed class ScheduleTimerFunction
{
    private readonly ScheduleFolder _folder;
    private readonly ScheduleEvaluator _evaluator;
    private readonly ScheduleStateStore _states;
    private readonly ScheduledRunStarter _starter;
    private readonly IRunStore _store;
    private readonly ILogger<ScheduleTimerFunction> _logger;

    public ScheduleTimerFunction(
        ScheduleFolder folder, ScheduleEvaluator evaluator, ScheduleStateStore states, ScheduledRunStarter starter, IRunStore store, ILogger<ScheduleTimerFunction> logger)
    {
        _folder = folder;
        _evaluator = evaluator;
        _states = states;
        _starter = starter;
        _store = store;
        _logger = logger;
    }

    [Function("ScheduleTimer")]
    public Task RunAsync([TimerTrigger("0 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        EvaluateAsync(timer, client, cancellationToken);

    /// <summary>One tick: what was decided for each due occurrence (started, skipped and why).</summary>
    internal async Task<IReadOnlyList<ScheduleDecision>> EvaluateAsync(TimerInfo timer, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        if (timer.IsPastDue)
        {
            _logger.LogInformation("Schedule timer is past due; missed occurrences are caught up (latest only)");
        }

        var schedules = _folder.Current();
        return schedules.Count == 0
            ? []
            : await _evaluator.EvaluateAsync(schedules, _states, new ScheduledRunLauncher(new DurableRunControl(client, _store), _starter), cancellationToken);
    }
}
