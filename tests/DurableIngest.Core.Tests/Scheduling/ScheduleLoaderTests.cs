using DurableIngest.Core.Tests.Support;
using DurableIngest.Scheduling;
using Xunit;

namespace DurableIngest.Core.Tests.Scheduling;

public sealed class ScheduleLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ScheduleLoader _loader = new(_ => null);

    public ScheduleLoaderTests() => _folder.Write("workflows/postgres.yaml", TestWorkflows.WithReference);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void LoadFolder_GoodAndBadFiles_LoadsTheGoodOnesAndReportsEachBadOneWithoutFailing()
    {
        _folder.Write("schedules/a-nightly.yaml", Schedule("nightly", "0 0 2 * * *"));
        _folder.Write("schedules/b-broken.yml", Schedule("broken", "every night"));
        _folder.Write("schedules/c-hourly.yml", Schedule("hourly", "0 0 * * * *"));
        _folder.Write("schedules/notes.txt", "not a schedule");

        var files = _loader.LoadFolder(Path.Combine(_folder.Path, "schedules"));

        Assert.Equal(["a-nightly.yaml", "b-broken.yml", "c-hourly.yml"], files.Select(f => Path.GetFileName(f.Path)));
        Assert.Equal(["nightly", "hourly"], files.Where(f => f.IsValid).Select(f => f.Definition!.Name));
        var broken = Assert.Single(files, f => !f.IsValid);
        var problem = Assert.Single(broken.Problems);
        Assert.Equal("schedule", problem.Path);
        Assert.Equal(2, problem.Line);
        Assert.Contains(broken.Path + ":2:", Assert.Single(broken.DescribeProblems()), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_FolderDoesNotExist_ReturnsNoSchedules()
    {
        Assert.Empty(_loader.LoadFolder(Path.Combine(_folder.Path, "absent")));
    }

    [Fact]
    public void Load_ValidFile_ResolvesTheConfigRelativeToTheScheduleFile()
    {
        var path = _folder.Write("schedules/nightly.yaml", Schedule("nightly", "0 30 2 * * *"));

        var schedule = _loader.LoadFile(path).Definition!;

        Assert.Equal("nightly", schedule.Name);
        Assert.Equal("0 30 2 * * *", schedule.Expression);
        Assert.True(schedule.Enabled);
        Assert.Equal(Path.Combine(_folder.Path, "workflows", "postgres.yaml"), schedule.ConfigPath);
        Assert.Null(schedule.InlineWorkflow);
    }

    [Fact]
    public void Load_EnabledFalse_LoadsADisabledSchedule()
    {
        var file = Load(Schedule("nightly", "0 0 2 * * *") + "enabled: false\n");

        Assert.False(file.Definition!.Enabled);
    }

    [Theory]
    [InlineData("every night")]
    [InlineData("0 0 2 * *")]
    [InlineData("0 0 0 L * *")]
    [InlineData("0 0 25 * * *")]
    public void Load_InvalidExpression_NamesTheValueAndShowsAValidExample(string expression)
    {
        var problem = Assert.Single(Load(Schedule("nightly", expression)).Problems);

        Assert.Equal("schedule", problem.Path);
        Assert.Contains($"'{expression}'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("'0 0 2 * * *' runs every day at 02:00:00 UTC", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SecondFieldWithSeveralValues_IsRefusedBecauseRunIdsArePerMinute()
    {
        var problem = Assert.Single(Load(Schedule("fast", "*/30 * * * * *")).Problems);

        Assert.Contains("more than once a minute", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 0 30 2 *")]
    [InlineData("0 0 0 31 4 *")]
    public void Load_ExpressionThatNeverFires_IsRefused(string expression)
    {
        var problem = Assert.Single(Load(Schedule("never", expression)).Problems);

        Assert.Contains("never fires", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nightly postgres")]
    [InlineData("nightly.postgres")]
    [InlineData("nächtlich")]
    public void Load_InvalidName_IsReportedWithTheRule(string name)
    {
        var problem = Assert.Single(Load(Schedule(name, "0 0 2 * * *")).Problems);

        Assert.Equal("name", problem.Path);
        Assert.Contains("letters, digits, '-' or '_'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NameLongerThanRunIdsAllow_IsReported()
    {
        var problem = Assert.Single(Load(Schedule(new string('n', ScheduleLoader.MaxNameLength + 1), "0 0 2 * * *")).Problems);

        Assert.Equal("name", problem.Path);
    }

    [Fact]
    public void Load_BothConfigAndWorkflow_IsReported()
    {
        var text = Schedule("nightly", "0 0 2 * * *") + "workflow:\n  source: {}\n";

        var problem = Assert.Single(Load(text).Problems);

        Assert.Contains("not both", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NeitherConfigNorWorkflow_IsReported()
    {
        var problem = Assert.Single(Load("name: nightly\nschedule: \"0 0 2 * * *\"\n").Problems);

        Assert.Equal("config", problem.Path);
        Assert.StartsWith("required", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ConfigFileMissing_NamesTheFullPathLookedFor()
    {
        var problem = Assert.Single(Load("name: nightly\nschedule: \"0 0 2 * * *\"\nconfig: ../workflows/absent.yaml\n").Problems);

        Assert.Equal("config", problem.Path);
        Assert.Contains(Path.Combine(_folder.Path, "workflows", "absent.yaml"), problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EveryProblemOfAFile_IsReportedAtOnce()
    {
        var problems = Load("name: bad name\nschedule: nope\nsurprise: 1\n").Problems;

        // In the file's order: a missing key is reported where its mapping starts.
        Assert.Equal(["config", "name", "schedule", "surprise"], problems.Select(p => p.Path));
    }

    [Fact]
    public void Load_YamlSyntaxError_IsReportedWithItsLine()
    {
        var problem = Assert.Single(Load("name: nightly\nschedule: [unclosed\n").Problems);

        Assert.StartsWith("YAML syntax error", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= 2);
    }

    [Fact]
    public void Load_AWorkflowFileInTheSchedulesFolder_IsReportedAsSuch()
    {
        var problem = Assert.Single(Load(TestWorkflows.WithReference).Problems);

        Assert.Contains("workflow file, not a schedule", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFolder_TwoFilesWithOneName_RefusesTheSecond()
    {
        _folder.Write("schedules/a.yaml", Schedule("nightly", "0 0 2 * * *"));
        _folder.Write("schedules/b.yaml", Schedule("Nightly", "0 0 3 * * *"));

        var files = _loader.LoadFolder(Path.Combine(_folder.Path, "schedules"));

        Assert.True(files[0].IsValid);
        var problem = Assert.Single(files[1].Problems);
        Assert.Contains("already the name of", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InlineWorkflow_KeepsTheLinesOfTheScheduleFile()
    {
        var inline = "name: inline\nschedule: \"0 0 2 * * *\"\nworkflow:\n" + Indent(TestWorkflows.WithReference, "  ");

        var schedule = Load(inline).Definition!;

        var lines = schedule.InlineWorkflow!.Split('\n');
        Assert.Equal(string.Empty, lines[2]);
        Assert.Equal("source:", lines[3]);
        Assert.Equal("  type: configonly", lines[4]);
        Assert.NotNull(TestWorkflows.Loader().Load(schedule.InlineWorkflow, "inline"));
    }

    [Fact]
    public void Load_InlineWorkflowInFlowStyle_IsALoadableWorkflow()
    {
        var text = "name: inline\nschedule: \"0 0 2 * * *\"\nworkflow: {source: {type: configonly, serviceName: svc, " +
            "serviceConnection: {config: {hostPort: 'localhost:5432', password: '${PG_PASSWORD}'}}}, sink: {type: file}}\n";

        var schedule = Load(text).Definition!;

        var config = TestWorkflows.Loader().Load(schedule.InlineWorkflow!, "inline");
        Assert.Equal("svc", config.Source.ServiceName);
        Assert.Contains("${PG_PASSWORD}", schedule.InlineWorkflow, StringComparison.Ordinal);
    }

    private static string Schedule(string name, string expression) =>
        $"name: {name}\nschedule: \"{expression}\"\nconfig: ../workflows/postgres.yaml\n";

    private static string Indent(string text, string prefix) =>
        string.Join('\n', text.Split('\n').Select(line => line.Length == 0 ? line : prefix + line)) + "\n";

    private ScheduleFile Load(string text) => _loader.Load(Path.Combine(_folder.Path, "schedules", "test.yaml"), text);
}
