using DurableIngest.Workflow;

namespace DurableIngest.Functions.Http;

/// <summary>
/// <c>GET /api/ingest/{id}</c>: Durable Functions' status fields, shaped like the local runtime's <c>status.json</c>.
/// A completed run reports its own status (Completed, CompletedWithErrors or Failed) from its result.
/// </summary>
public sealed record InstanceStatusResponse(
    string Id,
    string Name,
    string RuntimeStatus,
    DateTimeOffset CreatedTime,
    DateTimeOffset LastUpdatedTime,
    RunProgress? CustomStatus,
    RunResult? Output,
    string? Error = null);
