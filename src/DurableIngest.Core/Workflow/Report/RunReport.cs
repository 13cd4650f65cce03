namespace DurableIngest.Workflow.Report;

/// <summary>What the run report shows: the summary, discovery, every chunk's span and every failed attempt.</summary>
public sealed record RunReport(
    RunSummary Summary,
    IReadOnlyList<ChunkSpan> Chunks,
    IReadOnlyList<FailedAttemptDocument> FailedAttempts,
    PhaseSpan? Discovery = null);
