using System.Text.Json.Serialization;
using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Workflow;

/// <summary>
/// The orchestration's input: the run id and the execution settings already read from the configuration.
/// No secrets, no configuration text: activities load the run's configuration themselves.
/// </summary>
/// <param name="HedgeSlowChunks">
/// A chunk attempt running this many times the median chunk gets a second attempt beside it (where the runtime can
/// cancel one, see <see cref="ActivityHedging"/>); 0 never. Runs stored before the setting existed read 0.
/// </param>
public sealed record IngestionRequest(
    string RunId,
    int Parallelism,
    int ChunkSize,
    ActivityRetryPolicy RetryPolicy,
    double SuccessThreshold,
    double HedgeSlowChunks = 0)
{
    /// <summary>What the chunk calls ask of the runtime: null when hedging is off.</summary>
    [JsonIgnore]
    public ActivityHedging? ChunkHedging => HedgeSlowChunks > 0 ? new ActivityHedging(HedgeSlowChunks) : null;
}
