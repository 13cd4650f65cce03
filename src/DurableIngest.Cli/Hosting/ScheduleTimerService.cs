using DurableIngest.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// Evaluates the schedules folder at start and then at the top of every minute (UTC, from the injected clock), starting
/// what is due through <see cref="ScheduleEvaluator"/>: deterministic run ids, the latest missed occurrence only,
/// overlap skipped. A bad schedule file is logged and skipped; nothing here stops the host.
/// </summary>
internal sealed class ScheduleTimerService : BackgroundService
{
    private readonly ScheduleFolder _folder;
    private readonly ScheduleEvaluator _evaluator;
    private readonly ScheduleStateStore _states;
    private readonly IScheduleRunPort _port;
    private readonly TimeProvider _time;
    private readonly ILogger<ScheduleTimerService> _logger;
    private TaskCompletionSource<IReadOnlyList<ScheduleDecision>> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ScheduleTimerService(
        ScheduleFolder folder, ScheduleEvaluator evaluator, ScheduleStateStore states, IScheduleRunPort port, TimeProvider time, ILogger<ScheduleTimerService> logger)
    {
        _folder = folder;
        _evaluator = evaluator;
        _states = states;
        _port = port;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes with the decisions of the next evaluation (tests move the clock, then await it).</summary>
    public Task<IReadOnlyList<ScheduleDecision>> NextEvaluationAsync() => Volatile.Read(ref _next).Task;

    /// <summary>The next top of a minute after <paramref name="now"/>.</summary>
    public static DateTimeOffset NextMinute(DateTimeOffset now) =>
        new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, now.Offset).AddMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _logger.LogInformation("Schedules: {Folder} is evaluated at start and every minute (UTC)", _folder.Path);
        while (!stoppingToken.IsCancellationRequested)
        {
            var evaluatedAt = _time.GetUtcNow();
            IReadOnlyList<ScheduleDecision> decisions;
            try
            {
                decisions = await EvaluateAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Exchange(ref _next, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(decisions);

            // The next minute after the evaluation began: a slow evaluation delays the next one, never skips it.
            var wait = NextMinute(evaluatedAt) - _time.GetUtcNow();
            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<IReadOnlyList<ScheduleDecision>> EvaluateAsync(CancellationToken cancellationToken)
    {
        try
        {
            var schedules = _folder.Current();
            return schedules.Count == 0 ? [] : await _evaluator.EvaluateAsync(schedules, _states, _port, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Schedules: cannot read {Folder} ({Reason}); trying again in a minute", _folder.Path, e.Message);
            return [];
        }
    }
}
