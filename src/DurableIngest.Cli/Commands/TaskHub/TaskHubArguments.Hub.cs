using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.DurableTask;

namespace DurableIngest.Cli.Commands;

/// <summary>The JIT build's half of <see cref="TaskHubArguments"/>: the help with the hub's defaults, and opening the hub.</summary>
internal sealed partial class TaskHubArguments
{
    private static readonly TaskHubOptions Defaults = new() { TaskHubName = "defaults" };

    /// <summary>The hub and its storage as given; null with every problem printed (exit code 2 for the caller).</summary>
    public OpenedTaskHub? Open(ParseResult parse, int? maxActivities = null, int? maxOrchestrations = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var problems = new List<ConfigProblem>();
        var options = new TaskHubOptions { TaskHubName = parse.GetValue(Hub) ?? string.Empty };
        options = options with
        {
            RunStoreContainer = parse.GetValue(RunStoreContainer) ?? options.RunStoreContainer,
            PartitionCount = parse.GetValue(PartitionCount) ?? options.PartitionCount,
            MaxConcurrentActivities = maxActivities ?? options.MaxConcurrentActivities,
            MaxConcurrentOrchestrations = maxOrchestrations ?? options.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = parse.GetValue(MaxPollingInterval) is { } polling ? TimeSpan.FromSeconds(polling) : options.MaxQueuePollingInterval,
            TakeoverTime = parse.GetValue(Takeover) is { } takeover ? TimeSpan.FromSeconds(takeover) : options.TakeoverTime,
        };
        problems.AddRange(options.Problems());
        var storage = TaskHubStorage.Resolve(parse.GetValue(Storage), Environment.GetEnvironmentVariable, problems);
        if (problems.Count > 0 || storage is null)
        {
            ConfigErrors.Report(new ConfigException("task hub options", problems));
            return null;
        }

        return new OpenedTaskHub(options, storage);
    }

    partial void Describe(bool required)
    {
        Hub.Description = required
            ? "The task hub to work on (Azure Storage queues, tables and blobs named after it); workers and clients of one hub must agree on it."
            : "Run on this task hub (workers started with 'durable-ingest worker --task-hub NAME') instead of in this process.";
        Storage.Description = $"The storage account of the hub and its run store: a connection string (UseDevelopmentStorage=true for Azurite) or an account URL signed in with DefaultAzureCredential. Default: the {TaskHubStorage.DefaultSetting} setting, connection string or identity-based.";
        RunStoreContainer.Description = $"Blob container of the run store the hub's workers share (default {Defaults.RunStoreContainer}).";
        PartitionCount.Description = $"Control-queue partitions, fixed when the hub is created; at most this many workers run orchestration steps at once (default {Defaults.PartitionCount}).";
        MaxPollingInterval.Description = $"Seconds an idle worker waits at most between queue polls (default {Defaults.MaxQueuePollingInterval.TotalSeconds:0.#}).";
        Takeover.Description = $"Seconds before another worker takes over the work of a worker that died (visibility timeouts, lease interval; default {Defaults.TakeoverTime.TotalSeconds:0}).";
    }
}
