using System.Text;
using DurableIngest.RunStore;

namespace DurableIngest.Workflow.Report;

/// <summary>Writes a finished run's <c>report.html</c> beside its <c>summary.json</c>, from what the fan-in already read and the run's failed attempts.</summary>
public static class RunReportWriter
{
    public static async Task WriteAsync(
        IRunStore store, RunSummary summary, IReadOnlyList<ChunkSpan> chunks, PhaseSpan? discovery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(summary);
        var attempts = await ReadFailedAttemptsAsync(store, summary.RunId, cancellationToken);
        var html = RunReportHtml.Render(new RunReport(summary, chunks, attempts, discovery));
        await store.PutAsync(RunKeys.Report(summary.RunId), Encoding.UTF8.GetBytes(html), cancellationToken);
    }

    public static async Task<IReadOnlyList<FailedAttemptDocument>> ReadFailedAttemptsAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var attempts = new List<FailedAttemptDocument>();
        foreach (var key in await store.ListAsync(RunKeys.AttemptsPrefix(runId), cancellationToken))
        {
            if (await store.ReadAsync<FailedAttemptDocument>(key, cancellationToken) is { } attempt)
            {
                attempts.Add(attempt);
            }
        }

        return attempts;
    }
}
