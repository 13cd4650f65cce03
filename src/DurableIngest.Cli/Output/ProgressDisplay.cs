using System.Globalization;
using DurableIngest.Workflow;
using Spectre.Console;

namespace DurableIngest.Cli.Output;

/// <summary>
/// Shows a run's progress: a live bar (entities done/total, rate, ETA) on a terminal; plain, timestamped lines when
/// output is redirected (CI, pipes), at most one every few seconds and one per phase change.
/// </summary>
internal sealed class ProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(2);
    private readonly IAnsiConsole _console;
    private readonly TimeProvider _time;
    private string _lastPhase = string.Empty;
    private DateTimeOffset _lastLine = DateTimeOffset.MinValue;

    public ProgressDisplay(IAnsiConsole console, TimeProvider time)
    {
        _console = console;
        _time = time;
    }

    public static bool IsInteractive(IAnsiConsole console) =>
        console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected && !Console.IsErrorRedirected;

    public async Task<T> RunAsync<T>(Func<Action<RunProgress>, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!IsInteractive(_console))
        {
            return await work(WriteLine);
        }

        T result = default!;
        await _console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("discovering", maxValue: 1);
                result = await work(progress =>
                {
                    task.MaxValue = Math.Max(1, progress.EntitiesTotal);
                    task.Value = progress.EntitiesDone;
                    task.Description = Markup.Escape(
                        $"{progress.Phase} {progress.EntitiesDone:N0}/{progress.EntitiesTotal:N0} entities, {progress.EntitiesPerSecond.ToString("F0", CultureInfo.InvariantCulture)}/s, {progress.Failures} failed");
                });
                task.Value = task.MaxValue;
            });
        return result;
    }

    private void WriteLine(RunProgress progress)
    {
        var now = _time.GetUtcNow();
        if (progress.Phase == _lastPhase && now - _lastLine < PlainInterval && progress.ChunksDone != progress.ChunksTotal)
        {
            return;
        }

        _lastPhase = progress.Phase;
        _lastLine = now;
        var eta = progress.EntitiesPerSecond > 0 && progress.EntitiesTotal > progress.EntitiesDone
            ? $", ETA {TimeSpan.FromSeconds((progress.EntitiesTotal - progress.EntitiesDone) / progress.EntitiesPerSecond):hh\\:mm\\:ss}"
            : string.Empty;
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{now:HH:mm:ss} {progress.Phase}: chunks {progress.ChunksDone}/{progress.ChunksTotal}, entities {progress.EntitiesDone}/{progress.EntitiesTotal}, failed {progress.Failures}, {progress.EntitiesPerSecond:F1}/s{eta}"));
    }
}
