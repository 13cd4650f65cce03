using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Workflow;

/// <summary>
/// The orchestration's input: the run id and the execution settings already read from the configuration.
/// No secrets, no configuration text: activities load the run's configuration themselves.
/// </summary>
public sealed record IngestionRequest(
    string RunId,
    int Parallelism,
    int ChunkSize,
    ActivityRetryPolicy RetryPolicy,
    double SuccessThreshold);
