using DurableIngest.Failures;

namespace DurableIngest.Sinks;

/// <summary>
/// One table's outcome at the sink. <paramref name="Warnings"/> are what the sink had to leave out of a table it did
/// write (for example foreign keys the catalog refused); they reach the run summary through the chunk's result.
/// </summary>
public sealed record SinkWriteResult(string FullyQualifiedName, SinkOutcome Outcome, FailureDetail? Failure = null, IReadOnlyList<string>? Warnings = null)
{
    public static SinkWriteResult Failed(string fqn, FailureDetail failure) => new(fqn, SinkOutcome.Failed, failure);

    /// <summary>This result with <paramref name="warning"/> added.</summary>
    public SinkWriteResult WithWarning(string warning) => this with { Warnings = [.. Warnings ?? [], warning] };
}
