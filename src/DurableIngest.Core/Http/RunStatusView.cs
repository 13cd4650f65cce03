using DurableIngest.Workflow;

namespace DurableIngest.Http;

/// <summary>
/// <c>GET /api/ingest/{id}</c> on every host, with Durable Functions' field names: where the run is
/// (<see cref="CustomStatus"/>) and, once it has finished, its summary as <see cref="Output"/> (counts, failures with
/// reasons, warnings; <c>summary.json</c>). Listed runs carry no output.
/// </summary>
public sealed record RunStatusView(
    string Id,
    string Name,
    RunStatus RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    RunProgress? CustomStatus,
    RunSummary? Output,
    string? Error);
