using DurableIngest.Core.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Scheduling;
using DurableIngest.Secrets;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Scheduling;

public sealed class ScheduleEvaluatorTests : IDisposable
{
    private static readonly DateTime March10 = new(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc);

    private readonly TempFolder _folder = new();
    private readonly string _workflowPath;

    public ScheduleEvaluatorTests() => _workflowPath = _folder.Write("workflows/postgres.yaml", TestWorkflows.WithReference);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void GetDueOccurrences_OccurrenceSinceLastEvaluation_IsDueUnderItsDeterministicRunId()
    {
        var clock = Clock(March10.AddHours(2).AddSeconds(30));

        var due = Evaluator(clock).GetDueOccurrences([Schedule("nightly", "0 0 2 * * *")], March10.AddHours(1).AddMinutes(59));

        var occurrence = Assert.Single(due);
        Assert.Equal(March10.AddHours(2), occurrence.OccurrenceUtc);
        Assert.Equal("nightly-20260310T0200", occurrence.RunId);
        Assert.Equal(0, occurrence.Missed);
    }

    [Fact]
    public void GetDueOccurrences_OccurrenceAtExactlyNow_IsDue()
    {
        var due = Evaluator(Clock(March10.AddHours(2))).GetDueOccurrences([Schedule("nightly", "0 0 2 * * *")], March10.AddHours(1));

        Assert.Equal(March10.AddHours(2), Assert.Single(due).OccurrenceUtc);
    }

    [Fact]
    public void GetDueOccurrences_NextOccurrenceStillAhead_IsNotDue()
    {
        var evaluator = Evaluator(Clock(March10.AddHours(1).AddMinutes(59).AddSeconds(59)));

        Assert.Empty(evaluator.GetDueOccurrences([Schedule("nightly", "0 0 2 * * *")], March10.AddHours(1)));
    }

    [Fact]
    public void GetDueOccurrences_OccurrenceAlreadyEvaluated_IsNotDueAgain()
    {
        var evaluator = Evaluator(Clock(March10.AddHours(2).AddMinutes(30)));

        Assert.Empty(evaluator.GetDueOccurrences([Schedule("nightly", "0 0 2 * * *")], March10.AddHours(2)));
    }

    [Fact]
    public void GetDueOccurrences_DisabledSchedule_IsNeverDue()
    {
        var disabled = Schedule("nightly", "0 0 2 * * *", extra: "enabled: false\n");

        Assert.Empty(Evaluator(Clock(March10.AddHours(3))).GetDueOccurrences([disabled], March10));
    }

    [Fact]
    public void GetDueOccurrences_HostDownForAWeek_ReturnsOnlyTheLatestOccurrenceAndCountsTheMissedOnes()
    {
        var evaluator = Evaluator(Clock(March10.AddHours(2).AddSeconds(10)));

        var occurrence = Assert.Single(evaluator.GetDueOccurrences([Schedule("nightly", "0 0 2 * * *")], March10.AddDays(-7).AddHours(2)));

        Assert.Equal(March10.AddHours(2), occurrence.OccurrenceUtc);
        Assert.Equal(6, occurrence.Missed);
    }

    [Fact]
    public void GetDueOccurrences_EveryMinuteScheduleAfterAYearDown_ReturnsTheCurrentMinuteWithACappedMissedCount()
    {
        var now = March10.AddHours(9).AddMinutes(41).AddSeconds(3);

        var occurrence = Assert.Single(Evaluator(Clock(now)).GetDueOccurrences([Schedule("minutely", "0 * * * * *")], now.AddYears(-1)));

        Assert.Equal(March10.AddHours(9).AddMinutes(41), occurrence.OccurrenceUtc);
        Assert.Equal(ScheduledOccurrence.MissedCountLimit, occurrence.Missed);
    }

    [Fact]
    public void GetDueOccurrences_DaysTwentyEightToThirtyOne_FireOnFebruaryTwentyNinthOnlyInALeapYear()
    {
        // NCRONTAB has no 'L' (last day of month); "0 0 0 28-31 * *" fires on each of those days the month has.
        var monthEnd = Schedule("month-end", "0 0 0 28-31 * *");
        var afterFeb28Of2027 = new DateTime(2027, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        var afterFeb28Of2028 = new DateTime(2028, 2, 28, 0, 0, 0, DateTimeKind.Utc);

        var common = Evaluator(Clock(new DateTime(2027, 3, 1, 12, 0, 0, DateTimeKind.Utc))).GetDueOccurrences([monthEnd], afterFeb28Of2027);
        var leap = Evaluator(Clock(new DateTime(2028, 3, 1, 12, 0, 0, DateTimeKind.Utc))).GetDueOccurrences([monthEnd], afterFeb28Of2028);

        Assert.Empty(common);
        Assert.Equal("month-end-20280229T0000", Assert.Single(leap).RunId);
    }

    [Fact]
    public void NextOccurrence_DayThirtyOne_SkipsMonthsWithoutIt()
    {
        var schedule = Schedule("thirty-first", "0 0 6 31 * *");

        Assert.Equal(new DateTime(2026, 5, 31, 6, 0, 0, DateTimeKind.Utc), schedule.NextOccurrence(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void GetDueOccurrences_LeapDaySchedule_IsDueOnlyOnFebruaryTwentyNinth()
    {
        var leapDay = Schedule("leap-day", "0 0 12 29 2 *");
        var lastEvaluated = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        var in2026 = Evaluator(Clock(new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc))).GetDueOccurrences([leapDay], lastEvaluated);
        var in2028 = Evaluator(Clock(new DateTime(2028, 3, 1, 0, 0, 0, DateTimeKind.Utc))).GetDueOccurrences([leapDay], lastEvaluated);

        Assert.Empty(in2026);
        var occurrence = Assert.Single(in2028);
        Assert.Equal(new DateTime(2028, 2, 29, 12, 0, 0, DateTimeKind.Utc), occurrence.OccurrenceUtc);
        Assert.Equal(0, occurrence.Missed);
        Assert.Equal(new DateTime(2032, 2, 29, 12, 0, 0, DateTimeKind.Utc), leapDay.NextOccurrence(occurrence.OccurrenceUtc));
    }

    [Fact]
    public async Task EvaluateAsync_DueOccurrence_StartsOneStoredRunAndRecordsIt()
    {
        var clock = Clock(March10.AddHours(2).AddSeconds(5));
        var host = new Host(_folder.Path, clock);
        var schedule = Schedule("nightly", "0 0 2 * * *");
        await host.States.SaveAsync("nightly", new ScheduleState(March10.AddDays(-1).AddHours(2), null), CancellationToken.None);

        var decision = Assert.Single(await host.EvaluateAsync([schedule]));

        Assert.Equal(ScheduleDecisionKind.Started, decision.Kind);
        var manifest = await host.Store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest("nightly-20260310T0200"), CancellationToken.None);
        Assert.Equal("nightly", manifest.ScheduleName);
        Assert.Equal(_workflowPath, manifest.ConfigPath);
        Assert.Equal(new ScheduleState(March10.AddHours(2), "nightly-20260310T0200"), await host.States.GetAsync("nightly", CancellationToken.None));
        Assert.Empty(await host.EvaluateAsync([schedule]));
    }

    [Fact]
    public async Task EvaluateAsync_FirstEvaluationOfASchedule_StartsAnOccurrenceOfTheLastMinuteButNotAnOlderOne()
    {
        var recent = new Host(Path.Combine(_folder.Path, "recent"), Clock(March10.AddHours(2).AddSeconds(40)));
        var late = new Host(Path.Combine(_folder.Path, "late"), Clock(March10.AddHours(2).AddMinutes(5)));

        var started = await recent.EvaluateAsync([Schedule("nightly", "0 0 2 * * *")]);
        var notStarted = await late.EvaluateAsync([Schedule("nightly", "0 0 2 * * *")]);

        Assert.Equal(ScheduleDecisionKind.Started, Assert.Single(started).Kind);
        Assert.Empty(notStarted);
    }

    [Fact]
    public async Task EvaluateAsync_PreviousRunStillRunning_SkipsTheOccurrenceWithItsReasonAndStartsTheNextOneAfterwards()
    {
        var clock = Clock(March10.AddHours(2).AddSeconds(5));
        var host = new Host(_folder.Path, clock);
        var schedule = Schedule("nightly", "0 0 2 * * *");
        await host.States.SaveAsync("nightly", new ScheduleState(March10.AddDays(-1).AddHours(2), null), CancellationToken.None);
        await host.EvaluateAsync([schedule]);
        host.Active.Add("nightly-20260310T0200");

        clock.Advance(TimeSpan.FromDays(1));
        var skipped = Assert.Single(await host.EvaluateAsync([schedule]));
        host.Active.Remove("nightly-20260310T0200");
        clock.Advance(TimeSpan.FromDays(1));
        var next = Assert.Single(await host.EvaluateAsync([schedule]));

        Assert.Equal(ScheduleDecisionKind.SkippedOverlap, skipped.Kind);
        Assert.Contains("nightly-20260310T0200 is still pending or running", skipped.Reason, StringComparison.Ordinal);
        Assert.Null(await host.Store.GetAsync(RunKeys.Manifest("nightly-20260311T0200"), CancellationToken.None));
        Assert.Equal(ScheduleDecisionKind.Started, next.Kind);
        Assert.Equal("nightly-20260312T0200", next.RunId);
    }

    [Fact]
    public async Task EvaluateAsync_TwoHostsEvaluatingTheSameMinute_StartExactlyOneRun()
    {
        // Each host read its schedule state before the other wrote it: both find the occurrence due.
        var clock = Clock(March10.AddHours(2).AddSeconds(1));
        var runs = new LocalDirectoryRunStore(Path.Combine(_folder.Path, "shared"));
        var first = new Host(runs, new LocalDirectoryRunStore(Path.Combine(_folder.Path, "state-1")), clock);
        var second = new Host(runs, new LocalDirectoryRunStore(Path.Combine(_folder.Path, "state-2")), clock);
        var schedule = Schedule("nightly", "0 0 2 * * *");

        var decisions = (await Task.WhenAll(first.EvaluateAsync([schedule]), second.EvaluateAsync([schedule]))).SelectMany(d => d).ToList();

        Assert.Equal(1, decisions.Count(d => d.Kind == ScheduleDecisionKind.Started));
        Assert.Equal(1, decisions.Count(d => d.Kind == ScheduleDecisionKind.StartedElsewhere));
        Assert.Equal(["runs/nightly-20260310T0200/run.json"], (await runs.ListAsync(RunKeys.RunsPrefix, CancellationToken.None)).Where(k => k.EndsWith("run.json", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EvaluateAsync_EightHostsSharingOneStore_StartExactlyOneRun()
    {
        var clock = Clock(March10.AddHours(2).AddSeconds(1));
        var store = new LocalDirectoryRunStore(Path.Combine(_folder.Path, "shared"));
        var hosts = Enumerable.Range(0, 8).Select(_ => new Host(store, store, clock)).ToList();
        var schedule = Schedule("nightly", "0 0 2 * * *");

        var decisions = (await Task.WhenAll(hosts.Select(h => Task.Run(() => h.EvaluateAsync([schedule]))))).SelectMany(d => d).ToList();

        Assert.Equal(1, decisions.Count(d => d.Kind == ScheduleDecisionKind.Started));
        Assert.All(decisions, d => Assert.Contains(d.Kind, new[] { ScheduleDecisionKind.Started, ScheduleDecisionKind.StartedElsewhere }));
        Assert.Single(await store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None), k => k.EndsWith("run.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluateAsync_StartFailsTransiently_DefersAndStartsTheSameRunAtTheNextTick()
    {
        var clock = Clock(March10.AddHours(2).AddSeconds(5));
        var host = new Host(_folder.Path, clock) { StartFault = new IOException("storage unreachable") };
        var schedule = Schedule("nightly", "0 0 2 * * *");

        var deferred = Assert.Single(await host.EvaluateAsync([schedule]));
        host.StartFault = null;
        clock.Advance(TimeSpan.FromMinutes(1));
        var started = Assert.Single(await host.EvaluateAsync([schedule]));

        Assert.Equal(ScheduleDecisionKind.Deferred, deferred.Kind);
        Assert.Contains("storage unreachable", deferred.Reason, StringComparison.Ordinal);
        Assert.Equal(ScheduleDecisionKind.Started, started.Kind);
        Assert.Equal("nightly-20260310T0200", started.RunId);
    }

    [Fact]
    public async Task EvaluateAsync_InvalidWorkflow_FailsOnceWithEveryProblemAndIsNotRetried()
    {
        _folder.Write("workflows/broken.yaml", TestWorkflows.WithReference.Replace("type: file", "type: nowhere", StringComparison.Ordinal));
        var clock = Clock(March10.AddHours(2).AddSeconds(5));
        var host = new Host(_folder.Path, clock);
        var schedule = Schedule("broken", "0 0 2 * * *", config: "../workflows/broken.yaml");

        var failed = Assert.Single(await host.EvaluateAsync([schedule]));
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(ScheduleDecisionKind.Failed, failed.Kind);
        Assert.Contains("sink.type: unknown sink type 'nowhere'", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(await host.EvaluateAsync([schedule]));
    }

    [Fact]
    public async Task EvaluateAsync_LiteralSecretOnAHostThatRefusesThem_FailsNamingThePathNotTheValue()
    {
        _folder.Write("workflows/literal.yaml", TestWorkflows.WithLiteralPassword);
        var host = new Host(_folder.Path, Clock(March10.AddHours(2).AddSeconds(5)), refuseLiteralSecrets: true);

        var failed = Assert.Single(await host.EvaluateAsync([Schedule("literal", "0 0 2 * * *", config: "../workflows/literal.yaml")]));

        Assert.Equal(ScheduleDecisionKind.Failed, failed.Kind);
        Assert.Contains("source.serviceConnection.config.password: is a literal secret", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-literal", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateAsync_InlineWorkflowWithAProblem_ReportsTheLineOfTheScheduleFile()
    {
        var inline = "name: inline\nschedule: \"0 0 2 * * *\"\nworkflow:\n" +
            string.Join('\n', TestWorkflows.WithReference.Replace("type: file", "type: nowhere", StringComparison.Ordinal).Split('\n').Select(l => "  " + l)) + "\n";
        var schedule = new ScheduleLoader(_ => null).Load(Path.Combine(_folder.Path, "schedules", "inline.yaml"), inline).Definition!;
        var sinkTypeLine = Array.FindIndex(inline.Split('\n'), l => l.Contains("type: nowhere", StringComparison.Ordinal)) + 1;
        var host = new Host(_folder.Path, Clock(March10.AddHours(2).AddSeconds(5)));

        var failed = Assert.Single(await host.EvaluateAsync([schedule]));

        Assert.Contains($"(line {sinkTypeLine}, column", failed.Reason, StringComparison.Ordinal);
    }

    private static FakeTimeProvider Clock(DateTime utc) => new(new DateTimeOffset(utc));

    private static ScheduleEvaluator Evaluator(TimeProvider clock) => new(clock, NullLogger.Instance);

    private ScheduleDefinition Schedule(string name, string expression, string extra = "", string config = "../workflows/postgres.yaml")
    {
        var file = new ScheduleLoader(_ => null).Load(
            Path.Combine(_folder.Path, "schedules", name + ".yaml"), $"name: {name}\nschedule: \"{expression}\"\nconfig: {config}\n{extra}");
        Assert.Empty(file.Problems);
        return file.Definition!;
    }

    /// <summary>
    /// A host as the Functions app or the local server composes one: a real run store, the real run starter, and the
    /// evaluator. Which runs are active is the runtime's knowledge; here the test says so.
    /// </summary>
    private sealed class Host : IScheduleRunPort
    {
        private readonly ScheduledRunStarter _starter;
        private readonly ScheduleEvaluator _evaluator;

        public Host(string root, TimeProvider clock, bool refuseLiteralSecrets = false)
            : this(new LocalDirectoryRunStore(Path.Combine(root, "store")), null, clock, refuseLiteralSecrets)
        {
        }

        public Host(IRunStore runs, IRunStore? states, TimeProvider clock, bool refuseLiteralSecrets = false)
        {
            Store = runs;
            States = new ScheduleStateStore(states ?? runs);
            _starter = new ScheduledRunStarter(new RunStarter(runs, new SecretVault(), clock), TestWorkflows.Loader(), refuseLiteralSecrets);
            _evaluator = new ScheduleEvaluator(clock, NullLogger.Instance);
        }

        public IRunStore Store { get; }

        public ScheduleStateStore States { get; }

        public HashSet<string> Active { get; } = [];

        public Exception? StartFault { get; set; }

        public Task<IReadOnlyList<ScheduleDecision>> EvaluateAsync(IReadOnlyList<ScheduleDefinition> schedules) =>
            _evaluator.EvaluateAsync(schedules, States, this, CancellationToken.None);

        public Task<bool> IsActiveAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(Active.Contains(runId));

        public async Task StartAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
        {
            if (StartFault is { } fault)
            {
                throw fault;
            }

            await _starter.CreateRunAsync(occurrence, cancellationToken);
        }
    }
}
