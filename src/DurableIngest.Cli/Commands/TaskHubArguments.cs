using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.DurableTask;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// The options that name a task hub and how to work on it, shared by <c>worker</c>, <c>ingest --task-hub</c>,
/// <c>status</c>/<c>runs --task-hub</c>. Every process of one hub must give the same <c>--partition-count</c>.
/// </summary>
internal sealed class TaskHubArguments
{
    private static readonly TaskHubOptions Defaults = new() { TaskHubName = "defaults" };

    public TaskHubArguments(bool required)
    {
        Hub = new Option<string?>("--task-hub")
        {
            Description = required
                ? "The task hub to work on (Azure Storage queues, tables and blobs named after it); workers and clients of one hub must agree on it."
                : "Run on this task hub (workers started with 'durable-ingest worker --task-hub NAME') instead of in this process.",
            Required = required,
        };
    }

    public Option<string?> Hub { get; }

    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = $"The storage account of the hub and its run store: a connection string (UseDevelopmentStorage=true for Azurite) or an account URL signed in with DefaultAzureCredential. Default: the {TaskHubStorage.DefaultSetting} setting, connection string or identity-based.",
    };

    public Option<string?> RunStoreContainer { get; } = new("--run-store-container")
    {
        Description = $"Blob container of the run store the hub's workers share (default {Defaults.RunStoreContainer}).",
    };

    public Option<int?> PartitionCount { get; } = new("--partition-count")
    {
        Description = $"Control-queue partitions, fixed when the hub is created; at most this many workers run orchestration steps at once (default {Defaults.PartitionCount}).",
    };

    public Option<double?> MaxPollingInterval { get; } = new("--max-polling-interval")
    {
        Description = $"Seconds an idle worker waits at most between queue polls (default {Defaults.MaxQueuePollingInterval.TotalSeconds:0.#}).",
    };

    public Option<double?> Takeover { get; } = new("--takeover")
    {
        Description = $"Seconds before another worker takes over the work of a worker that died (visibility timeouts, lease interval; default {Defaults.TakeoverTime.TotalSeconds:0}).",
    };

    /// <summary>The hub-only options given on a command line without <c>--task-hub</c>, by name (empty when none).</summary>
    public IReadOnlyList<string> GivenWithoutHub(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        if (parse.GetValue(Hub) is not null)
        {
            return [];
        }

        Option[] hubOnly = [Storage, RunStoreContainer, PartitionCount, MaxPollingInterval, Takeover];
        return [.. hubOnly.Where(option => parse.GetResult(option) is { Implicit: false }).Select(option => option.Name)];
    }

    public void AddTo(Command command, bool tuning)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Hub);
        command.Options.Add(Storage);
        command.Options.Add(RunStoreContainer);
        if (tuning)
        {
            command.Options.Add(PartitionCount);
            command.Options.Add(MaxPollingInterval);
            command.Options.Add(Takeover);
        }
    }

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
}
