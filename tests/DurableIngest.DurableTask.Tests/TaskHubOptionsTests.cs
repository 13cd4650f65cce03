using DurableIngest.Configuration;

namespace DurableIngest.DurableTask.Tests;

public sealed class TaskHubOptionsTests
{
    [Fact]
    public void Problems_Defaults_None()
    {
        var options = new TaskHubOptions { TaskHubName = "ingest1" };

        Assert.Empty(options.Problems());
        Assert.Equal(4, options.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TakeoverTime);
        Assert.Equal(TimeSpan.FromSeconds(10), options.LeaseRenewInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxQueuePollingInterval);
        Assert.Equal("durable-ingest", options.RunStoreContainer);
    }

    [Fact]
    public void DefaultWorkerId_TwoProcessesOnOneMachine_DifferByProcessId()
    {
        var id = TaskHubOptions.DefaultWorkerId();

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", id);
    }

    [Fact]
    public void Validate_EverySettingWrong_ReportsEveryProblemAtOnceNamingSettingAndValue()
    {
        var options = new TaskHubOptions
        {
            TaskHubName = "9-bad",
            WorkerId = " ",
            PartitionCount = 17,
            MaxConcurrentActivities = 0,
            MaxConcurrentOrchestrations = 2000,
            MaxQueuePollingInterval = TimeSpan.FromMinutes(5),
            TakeoverTime = TimeSpan.FromSeconds(1),
            RunStoreContainer = "Bad_Container",
        };

        var error = Assert.Throws<ConfigException>(options.Validate);

        Assert.Equal(
            ["--task-hub", "worker id", "--partition-count", "--max-activities", "--max-orchestrations", "--max-polling-interval", "--takeover", "--run-store-container"],
            error.Problems.Select(p => p.Path));
        Assert.Contains("'9-bad'", error.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("not 17", error.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("not 300", error.Problems[5].Message, StringComparison.Ordinal);
        Assert.Contains("not 1;", error.Problems[6].Message, StringComparison.Ordinal);
        Assert.Contains("'Bad_Container'", error.Problems[7].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab", false)]
    [InlineData("abc", true)]
    [InlineData("Hub42", true)]
    [InlineData("hub-42", false)]
    [InlineData("4hub", false)]
    public void IsValidHubName_Names_FollowAzureStorageRules(string name, bool valid) =>
        Assert.Equal(valid, TaskHubOptions.IsValidHubName(name));
}
