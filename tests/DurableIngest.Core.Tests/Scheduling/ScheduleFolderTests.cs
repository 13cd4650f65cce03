using DurableIngest.Core.Tests.Support;
using DurableIngest.Scheduling;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DurableIngest.Core.Tests.Scheduling;

public sealed class ScheduleFolderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ScheduleFolderTests() => _folder.Write("workflows/postgres.yaml", TestWorkflows.WithReference);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Current_FolderUnchanged_ReturnsTheSameLoadedSchedules()
    {
        _folder.Write("schedules/nightly.yaml", Schedule("nightly"));
        var folder = new ScheduleFolder(Path.Combine(_folder.Path, "schedules"), new ScheduleLoader(_ => null), NullLogger.Instance);

        var first = folder.Current();

        Assert.Same(first, folder.Current());
        Assert.Equal("nightly", Assert.Single(first).Name);
    }

    [Fact]
    public void Current_FileAddedOrRemoved_ReloadsTheFolder()
    {
        var nightly = _folder.Write("schedules/nightly.yaml", Schedule("nightly"));
        var folder = new ScheduleFolder(Path.Combine(_folder.Path, "schedules"), new ScheduleLoader(_ => null), NullLogger.Instance);
        folder.Current();

        _folder.Write("schedules/hourly.yaml", Schedule("hourly"));
        var afterAdd = folder.Current();
        File.Delete(nightly);
        var afterRemove = folder.Current();

        Assert.Equal(["hourly", "nightly"], afterAdd.Select(s => s.Name));
        Assert.Equal(["hourly"], afterRemove.Select(s => s.Name));
    }

    [Fact]
    public void Current_FolderMissing_HasNoSchedules()
    {
        var folder = new ScheduleFolder(Path.Combine(_folder.Path, "absent"), new ScheduleLoader(_ => null), NullLogger.Instance);

        Assert.Empty(folder.Current());
    }

    private static string Schedule(string name) => $"name: {name}\nschedule: \"0 0 2 * * *\"\nconfig: ../workflows/postgres.yaml\n";
}
