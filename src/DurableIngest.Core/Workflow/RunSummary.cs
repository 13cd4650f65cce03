using DurableIngest.Failures;
using DurableIngest.Secrets;

namespace DurableIngest.Workflow;

/// <summary><c>summary.json</c>: the fan-in of a run, in the spirit of OpenMetadata's workflow summary.</summary>
public sealed record RunSummary
{
    public const int MaxFailuresListed = 100;

    public required string RunId { get; init; }
    public required RunStatus Status { get; init; }
    public required string Service { get; init; }
    public required string SourceType { get; init; }
    public required string SinkType { get; init; }
    public required DateTime StartedAt { get; init; }
    public required DateTime FinishedAt { get; init; }
    public double DurationSeconds { get; init; }
    public int Total { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public int Filtered { get; init; }
    public int Warnings { get; init; }
    public int Created { get; init; }
    public int Updated { get; init; }
    public int Unchanged { get; init; }
    public int Deleted { get; init; }
    public int Chunks { get; init; }
    public int ChunksExhausted { get; init; }
    public double EntitiesPerSecond { get; init; }
    public double SuccessPercent { get; init; }
    public double SuccessThreshold { get; init; }
    public string? Error { get; init; }
    public IReadOnlyList<FailureDetail> Failures { get; init; } = [];
    public IReadOnlyList<string> WarningMessages { get; init; } = [];

    /// <summary>This summary with the run's secrets masked in every message it carries, as it may be stored.</summary>
    public RunSummary Redacted(SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        return this with
        {
            Error = redactor.Redact(Error),
            Failures = [.. Failures.Select(f => f.Redacted(redactor))],
            WarningMessages = [.. WarningMessages.Select(w => redactor.Redact(w))],
        };
    }
}
