using System.Text.Json;
using DurableIngest.RunStore;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Routes activity calls by name to <see cref="IngestionActivities"/>, with inputs and outputs going through JSON exactly
/// as they would through Durable Functions (so anything that would not survive serialization fails here too).
/// </summary>
internal sealed class LocalActivityDispatcher
{
    private readonly Dictionary<string, Func<byte[], CancellationToken, Task<JsonElement>>> _activities = new(StringComparer.Ordinal);

    public LocalActivityDispatcher(IngestionActivities activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        Register<DiscoverInput, DiscoveryOutcome>(ActivityNames.Discover, activities.DiscoverAsync);
        Register<ChunkInput, ChunkOutcome>(ActivityNames.ProcessChunk, activities.ProcessChunkAsync);
        Register<CompleteInput, RunResult>(ActivityNames.Complete, activities.CompleteAsync);
    }

    /// <summary>Adds or replaces an activity (tests register no-op or faulty activities this way).</summary>
    public void Register<TInput, TOutput>(string name, Func<TInput, CancellationToken, Task<TOutput>> activity)
    {
        _activities[name] = async (input, cancellationToken) =>
        {
            var typed = RunStoreJson.Deserialize<TInput>(input, name);
            var output = await activity(typed, cancellationToken);
            return JsonSerializer.SerializeToElement(output, RunStoreJson.TypeInfo<TOutput>());
        };
    }

    public Task<JsonElement> InvokeAsync(string name, byte[] input, CancellationToken cancellationToken) =>
        _activities.TryGetValue(name, out var activity)
            ? activity(input, cancellationToken)
            : throw new InvalidOperationException($"No activity named '{name}' is registered.");
}
