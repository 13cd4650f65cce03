namespace DurableIngest.Workflow;

/// <summary>The orchestration's output: the status and headline counts. The full summary is <c>summary.json</c> in the run store.</summary>
public sealed record RunResult(
    string RunId,
    RunStatus Status,
    int Total,
    int Succeeded,
    int Failed,
    int Filtered,
    double SuccessPercent,
    double DurationSeconds,
    string SummaryKey);
