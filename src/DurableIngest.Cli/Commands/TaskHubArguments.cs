using System.CommandLine;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// The options that name a task hub and how to work on it, shared by <c>worker</c>, <c>ingest --task-hub</c>,
/// <c>status</c>/<c>runs --task-hub</c>. Every process of one hub must give the same <c>--partition-count</c>.
/// The Native AOT build still parses them (hidden), so that using one says which build has task hubs
/// (<see cref="TaskHubSupport"/>) instead of calling the option unknown.
/// </summary>
internal sealed partial class TaskHubArguments
{
    public TaskHubArguments(bool required)
    {
        Hub = new Option<string?>("--task-hub") { Required = required && TaskHubSupport.Available };
        Option[] all = [Hub, Storage, RunStoreContainer, PartitionCount, MaxPollingInterval, Takeover];
        foreach (var option in all)
        {
            option.Hidden = !TaskHubSupport.Available;
        }

        Describe(required);
    }

    public Option<string?> Hub { get; }

    public Option<string?> Storage { get; } = new("--storage");

    public Option<string?> RunStoreContainer { get; } = new("--run-store-container");

    public Option<int?> PartitionCount { get; } = new("--partition-count");

    public Option<double?> MaxPollingInterval { get; } = new("--max-polling-interval");

    public Option<double?> Takeover { get; } = new("--takeover");

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

    /// <summary>The help of the options, with the Durable Task defaults (the JIT build's; hidden in the Native AOT build).</summary>
    partial void Describe(bool required);
}
