using DurableIngest.Workflow;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// <c>status.json</c>: a run as Durable Functions' status query shows an instance (same field names), so the CLI and
/// the HTTP front door serve one document.
/// </summary>
public sealed record RunStatusDocument(
    string Id,
    RunStatus RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    RunProgress? CustomStatus,
    RunResult? Output,
    string? Error = null,
    string Name = ActivityNames.Orchestration);
