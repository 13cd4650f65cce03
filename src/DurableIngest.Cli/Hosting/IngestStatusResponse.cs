using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// <c>GET /api/ingest/{id}</c>: the run's status with Durable Functions' field names; <see cref="Output"/> is the run's
/// summary (<c>summary.json</c>: counts, failures with reasons, warnings) once it has finished.
/// </summary>
internal sealed record IngestStatusResponse(
    string Id,
    string Name,
    RunStatus RuntimeStatus,
    DateTime CreatedTime,
    DateTime LastUpdatedTime,
    RunProgress? CustomStatus,
    RunSummary? Output,
    string? Error)
{
    /// <summary>The run's response, or null for an unknown run.</summary>
    public static async Task<IngestStatusResponse?> ReadAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await RunCatalog.ReadStatusAsync(store, runId, cancellationToken) is not { } status)
        {
            return null;
        }

        var summary = RunCatalog.IsUnfinished(status.RuntimeStatus) ? null : await store.ReadAsync<RunSummary>(RunKeys.Summary(runId), cancellationToken);
        return new IngestStatusResponse(
            status.Id, status.Name, status.RuntimeStatus, status.CreatedTime, status.LastUpdatedTime, status.CustomStatus, summary, status.Error);
    }
}
