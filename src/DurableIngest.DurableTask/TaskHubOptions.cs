using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Storage.Blob;

namespace DurableIngest.DurableTask;

/// <summary>
/// A task hub and how a process works on it. Every worker and every client of one hub must agree on
/// <see cref="TaskHubName"/> and <see cref="PartitionCount"/> (the first process to create the hub fixes the count).
/// The defaults replace the engine's where the engine's bite at our scale (see README.md, "Scale out"); checked by
/// <see cref="Validate"/>, every problem at once.
/// </summary>
public sealed record TaskHubOptions
{
    /// <summary>The task hub: prefix of its queues, tables and blob containers. Required; 3-45 letters and digits, starting with a letter.</summary>
    public required string TaskHubName { get; init; }

    /// <summary>
    /// This process's name on the hub. Default: machine name and process id. The engine's default, the machine name
    /// alone, makes two processes on one host fight over the same leases.
    /// </summary>
    public string WorkerId { get; init; } = DefaultWorkerId();

    /// <summary>
    /// Control-queue partitions (1-16): orchestrations are spread over them and each partition is owned by one worker
    /// at a time, so at most this many workers run orchestration steps at once. Default 4. Fixed when the hub is created.
    /// </summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>Chunk (and other) activities one worker runs at once. Default 4: a cap per worker spreads chunks over workers instead of one worker taking most.</summary>
    public int MaxConcurrentActivities { get; init; } = 4;

    /// <summary>Orchestration steps one worker runs at once. Default 4.</summary>
    public int MaxConcurrentOrchestrations { get; init; } = 4;

    /// <summary>
    /// The longest wait between two polls of an idle queue (the engine backs off up to it). Default 2 s; the engine's
    /// 30 s makes a run started after an idle spell wait up to 30 s for its first step.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The takeover time: how long the work of a worker that died (kill -9, lost machine) stays invisible before another
    /// worker takes it. It sets the work-item and control-queue visibility timeouts and the partition lease interval.
    /// Default 30 s (the engine's is 5 min). Live workers renew their messages and leases, so a long chunk is not taken
    /// over while its worker lives; shorter means more renewal traffic.
    /// </summary>
    public TimeSpan TakeoverTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The blob container of the run store every worker shares (on the same storage account). Default <c>durable-ingest</c>.</summary>
    public string RunStoreContainer { get; init; } = new RunStoreOptions().Container;

    /// <summary>The bounds <see cref="TakeoverTime"/> must stay within.</summary>
    public static readonly TimeSpan MinTakeoverTime = TimeSpan.FromSeconds(5);

    /// <inheritdoc cref="MinTakeoverTime"/>
    public static readonly TimeSpan MaxTakeoverTime = TimeSpan.FromMinutes(10);

    /// <summary>How often a worker renews its partition leases: a third of <see cref="TakeoverTime"/>, so two renewals may fail before it loses them.</summary>
    public TimeSpan LeaseRenewInterval => TakeoverTime / 3;

    /// <summary><c>machine-pid</c>: unique per process on a host, stable for its life.</summary>
    public static string DefaultWorkerId() => string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}");

    /// <summary>Every problem with these options, each naming the setting, its value and what to do; empty when they can work.</summary>
    public IReadOnlyList<ConfigProblem> Problems()
    {
        var problems = new List<ConfigProblem>();
        if (!IsValidHubName(TaskHubName))
        {
            problems.Add(new ConfigProblem(
                "--task-hub",
                $"'{TaskHubName}' is not a task hub name: use 3 to 45 letters and digits, starting with a letter (it prefixes queue, table and container names)"));
        }

        if (string.IsNullOrWhiteSpace(WorkerId) || WorkerId.Length > 128)
        {
            problems.Add(new ConfigProblem("worker id", $"'{WorkerId}' must be 1 to 128 characters; leave it unset for machine name and process id"));
        }

        Range(problems, "--partition-count", PartitionCount, 1, 16, "the engine supports 1 to 16 control-queue partitions");
        Range(problems, "--max-activities", MaxConcurrentActivities, 1, 1024, "activities one worker runs at once");
        Range(problems, "--max-orchestrations", MaxConcurrentOrchestrations, 1, 1024, "orchestration steps one worker runs at once");
        if (MaxQueuePollingInterval < TimeSpan.FromMilliseconds(100) || MaxQueuePollingInterval > TimeSpan.FromMinutes(1))
        {
            problems.Add(new ConfigProblem(
                "--max-polling-interval",
                $"must be from 0.1 to 60 seconds, not {Seconds(MaxQueuePollingInterval)}; shorter starts runs sooner after idle spells, longer costs fewer storage transactions"));
        }

        if (TakeoverTime < MinTakeoverTime || TakeoverTime > MaxTakeoverTime)
        {
            problems.Add(new ConfigProblem(
                "--takeover",
                $"must be from {Seconds(MinTakeoverTime)} to {Seconds(MaxTakeoverTime)} seconds, not {Seconds(TakeoverTime)}; it is how long a dead worker's chunks wait before another worker takes them"));
        }

        if (!BlobNames.IsValidContainerName(RunStoreContainer))
        {
            problems.Add(new ConfigProblem("--run-store-container", $"'{RunStoreContainer}' is not a valid container name: use {BlobNames.ContainerNameRule}"));
        }

        return problems;
    }

    /// <summary>Throws <see cref="ConfigException"/> with every problem of <see cref="Problems"/>.</summary>
    public void Validate()
    {
        if (Problems() is { Count: > 0 } problems)
        {
            throw new ConfigException("task hub options", problems);
        }
    }

    /// <summary>Azure Storage names the hub's queues <c>{hub}-control-NN</c> and <c>{hub}-workitems</c> and its tables <c>{hub}Instances</c>: letters and digits only.</summary>
    public static bool IsValidHubName(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    private static void Range(List<ConfigProblem> problems, string setting, int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            problems.Add(new ConfigProblem(setting, $"must be from {min} to {max} ({what}), not {value}"));
        }
    }

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
