using DurableIngest.Cli.Hosting;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Scheduling;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>
/// The serve host's schedule timer with an injected clock, starting real runs against real PostgreSQL. The evaluator's
/// own rules (due, not due, overlap, racing hosts, month ends, leap days) are covered in Core's ScheduleEvaluatorTests;
/// these cover the host: its minute loop, its run port and two hosts sharing one run store.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class ScheduleTimerServiceTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset March10 = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-timer-").FullName;
    private readonly List<ServeTestHost> _hosts = [];
    private string _workflowPath = null!;

    public async Task InitializeAsync()
    {
        var database = await PostgresWorkflow.CreateDatabaseAsync(postgres);
        _workflowPath = Path.Combine(_root, "workflows", "postgres.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(_workflowPath)!);
        await File.WriteAllTextAsync(_workflowPath, PostgresWorkflow.Yaml(postgres, database, Path.Combine(_root, "catalog")));
    }

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task TopOfTheMinute_OccurrenceDue_StartsItsRunUnderTheDeterministicIdAndTheRunCompletes()
    {
        var clock = new FakeTimeProvider(March10.AddHours(1).AddMinutes(59).AddSeconds(30));
        WriteSchedule("nightly", "0 0 2 * * *");
        var host = Create("host-a", clock);
        var atStart = host.Timer.NextEvaluationAsync();
        await host.StartAsync();
        Assert.Empty(await atStart);

        var atTwo = host.Timer.NextEvaluationAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var decision = Assert.Single(await atTwo);

        Assert.Equal(ScheduleDecisionKind.Started, decision.Kind);
        Assert.Equal("nightly-20260310T0200", decision.RunId);
        var status = await host.WaitUntilFinishedAsync(host.StatusUri("nightly-20260310T0200"));
        Assert.Equal(RunStatus.Completed, status.RuntimeStatus);
        Assert.Equal(PostgresWorkflow.Tables, status.Output!.Succeeded);
        var manifest = await host.Store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest("nightly-20260310T0200"), CancellationToken.None);
        Assert.Equal("nightly", manifest.ScheduleName);
        Assert.Equal("host-a", manifest.HostId);
    }

    [Fact]
    public async Task Start_AfterAWeekDown_StartsOnlyTheLatestMissedOccurrence()
    {
        var clock = new FakeTimeProvider(March10.AddHours(2).AddMinutes(7));
        WriteSchedule("nightly", "0 0 2 * * *");
        var host = Create("host-a", clock);
        await new ScheduleStateStore(host.Store).SaveAsync("nightly", new ScheduleState(March10.AddDays(-7).AddHours(2).UtcDateTime, "nightly-20260303T0200"), CancellationToken.None);
        var atStart = host.Timer.NextEvaluationAsync();

        await host.StartAsync();
        var decision = Assert.Single(await atStart);

        Assert.Equal(ScheduleDecisionKind.Started, decision.Kind);
        Assert.Equal("nightly-20260310T0200", decision.RunId);
        Assert.Equal(6, decision.Missed);
        Assert.Single(await StoredRuns.ListManifestsAsync(host.Store, CancellationToken.None));
    }

    [Fact]
    public async Task TopOfTheMinute_PreviousRunOfTheScheduleStillRunning_SkipsTheOccurrence()
    {
        var clock = new FakeTimeProvider(March10.AddHours(1).AddMinutes(59).AddSeconds(50));
        WriteSchedule("hourly", "0 0 * * * *");
        var host = Create("host-a", clock);
        // The 01:00 run is still going (on whichever host): its status says Running.
        var previous = new RunStatusDocument("hourly-20260310T0100", RunStatus.Running, March10.AddHours(1).UtcDateTime, March10.AddHours(1).UtcDateTime, null, null);
        await host.Store.WriteAsync(RunKeys.Status(previous.Id), previous, CliJson.Options, CancellationToken.None);
        await new ScheduleStateStore(host.Store).SaveAsync("hourly", new ScheduleState(March10.AddHours(1).UtcDateTime, previous.Id), CancellationToken.None);
        var atStart = host.Timer.NextEvaluationAsync();
        await host.StartAsync();
        await atStart;

        var atTwo = host.Timer.NextEvaluationAsync();
        clock.Advance(TimeSpan.FromSeconds(10));
        var decision = Assert.Single(await atTwo);

        Assert.Equal(ScheduleDecisionKind.SkippedOverlap, decision.Kind);
        Assert.Contains("hourly-20260310T0100 is still pending or running", decision.Reason, StringComparison.Ordinal);
        Assert.Null(await host.Store.GetAsync(RunKeys.Manifest("hourly-20260310T0200"), CancellationToken.None));
    }

    [Fact]
    public async Task TopOfTheMinute_TwoHostsSharingOneRunStore_StartTheOccurrenceOnce()
    {
        var clock = new FakeTimeProvider(March10.AddHours(1).AddMinutes(59).AddSeconds(58));
        WriteSchedule("nightly", "0 0 2 * * *");
        var first = Create("host-a", clock);
        var second = Create("host-b", clock, sharedWith: first);
        var starts = new[] { first.Timer.NextEvaluationAsync(), second.Timer.NextEvaluationAsync() };
        await Task.WhenAll(first.StartAsync(), second.StartAsync());
        await Task.WhenAll(starts);

        var atTwo = new[] { first.Timer.NextEvaluationAsync(), second.Timer.NextEvaluationAsync() };
        clock.Advance(TimeSpan.FromSeconds(2));
        var decisions = (await Task.WhenAll(atTwo)).SelectMany(d => d).ToList();

        Assert.Equal(1, decisions.Count(d => d.Kind == ScheduleDecisionKind.Started));
        Assert.All(decisions, d => Assert.Equal("nightly-20260310T0200", d.RunId));
        Assert.Single(await StoredRuns.ListManifestsAsync(first.Store, CancellationToken.None));
        var status = await first.WaitUntilFinishedAsync(first.StatusUri("nightly-20260310T0200"));
        Assert.Equal(RunStatus.Completed, status.RuntimeStatus);
    }

    [Fact]
    public async Task Evaluation_BadScheduleFileBesideAGoodOne_SkipsTheBadOneAndStartsTheGoodOne()
    {
        var clock = new FakeTimeProvider(March10.AddHours(2).AddSeconds(20));
        WriteSchedule("nightly", "0 0 2 * * *");
        await File.WriteAllTextAsync(Path.Combine(_root, "schedules", "broken.yaml"), "name: broken\nschedule: \"0 0 2 * *\"\nconfig: ../workflows/postgres.yaml\n");
        var host = Create("host-a", clock);
        var atStart = host.Timer.NextEvaluationAsync();

        await host.StartAsync();
        var decision = Assert.Single(await atStart);

        Assert.Equal("nightly", decision.ScheduleName);
        Assert.Equal(ScheduleDecisionKind.Started, decision.Kind);
        Assert.False(host.Timer.ExecuteTask!.IsCompleted);
    }

    private ServeTestHost Create(string hostId, FakeTimeProvider clock, ServeTestHost? sharedWith = null)
    {
        var host = ServeTestHost.Create(sharedWith?.Root ?? _root, hostId: hostId, overrides: new ServeOverrides { Time = clock });
        _hosts.Add(host);
        return host;
    }

    private void WriteSchedule(string name, string expression)
    {
        Directory.CreateDirectory(Path.Combine(_root, "schedules"));
        File.WriteAllText(
            Path.Combine(_root, "schedules", name + ".yaml"),
            $"name: {name}\nschedule: \"{expression}\"\nconfig: ../workflows/postgres.yaml\nenabled: true\n");
    }
}
