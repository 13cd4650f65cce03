using DurableIngest.Connectors;
using DurableIngest.Functions.Scheduling;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Scheduling;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Functions.Tests.Scheduling;

/// <summary>
/// The Functions app's schedule timer on the Durable Task engine, its clock driven by the test: a due occurrence
/// starts one orchestration under its deterministic id, which runs to the end; later ticks neither repeat nor overlap it.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class ScheduleTimerFunctionTests : IDisposable
{
    private static readonly DateTimeOffset March10 = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("di-fn-schedules-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Tick_OccurrenceDue_StartsItsOrchestrationOnceAndSkipsTheNextWhileItRuns()
    {
        var source = new ScriptedSource(20);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gates[ScriptedSource.NameOf(0)] = held;
        Directory.CreateDirectory(Path.Combine(_root, "schedules"));
        Directory.CreateDirectory(Path.Combine(_root, "workflows"));
        await File.WriteAllTextAsync(Path.Combine(_root, "workflows", "scripted.yaml"), ScriptedSource.Workflow(Path.Combine(_root, "catalog")));
        await File.WriteAllTextAsync(
            Path.Combine(_root, "schedules", "hourly.yaml"), "name: hourly\nschedule: \"0 0 * * * *\"\nconfig: ../workflows/scripted.yaml\n");
        var clock = new FakeTimeProvider(March10.AddHours(1).AddMinutes(59).AddSeconds(30));
        await using var runtime = await DurableRuntimeUnderTest.StartAsync(
            new ConnectorRegistry([source], [new FileSinkProvider()]), schedulesPath: Path.Combine(_root, "schedules"), time: clock);
        var timer = ActivatorUtilities.CreateInstance<ScheduleTimerFunction>(runtime.App.Services);

        var beforeTwo = await TickAsync(timer, runtime);
        clock.Advance(TimeSpan.FromSeconds(30));
        var atTwo = await TickAsync(timer, runtime);
        var againAtTwo = await TickAsync(timer, runtime);
        clock.Advance(TimeSpan.FromHours(1));
        var atThreeWhileTwoRuns = await TickAsync(timer, runtime);
        held.SetResult();
        var run = await runtime.WaitAsync("hourly-20260310T0200");

        Assert.Empty(beforeTwo);
        Assert.Equal(("hourly-20260310T0200", ScheduleDecisionKind.Started), Single(atTwo));
        Assert.Empty(againAtTwo);
        Assert.Equal(("hourly-20260310T0300", ScheduleDecisionKind.SkippedOverlap), Single(atThreeWhileTwoRuns));
        Assert.Equal((RunStatus.Completed, 20), (run.Result?.Status, run.Result?.Succeeded));
        Assert.Null(await runtime.App.Client.GetInstanceAsync("hourly-20260310T0300"));
    }

    private static Task<IReadOnlyList<ScheduleDecision>> TickAsync(ScheduleTimerFunction timer, DurableRuntimeUnderTest runtime) =>
        timer.EvaluateAsync(new TimerInfo(), runtime.App.Client, CancellationToken.None);

    private static (string RunId, ScheduleDecisionKind Kind) Single(IReadOnlyList<ScheduleDecision> decisions)
    {
        var decision = Assert.Single(decisions);
        return (decision.RunId, decision.Kind);
    }
}
