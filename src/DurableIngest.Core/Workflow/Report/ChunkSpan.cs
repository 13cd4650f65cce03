namespace DurableIngest.Workflow.Report;

/// <summary>
/// One chunk as the run report draws it: when its successful attempt ran (null when it exhausted its retries or its
/// result predates recorded times), how many entities it held and how many of them failed.
/// </summary>
public sealed record ChunkSpan(
    int ChunkIndex,
    int Entities,
    int Failed,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    bool Exhausted,
    IReadOnlyList<string> EntityNames)
{
    public double? Seconds => StartedAt is { } start && FinishedAt is { } finish ? Math.Max(0, (finish - start).TotalSeconds) : null;
}
