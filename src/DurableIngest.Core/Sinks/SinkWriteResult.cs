using DurableIngest.Failures;

namespace DurableIngest.Sinks;

/// <summary>One table's outcome at the sink.</summary>
public sealed record SinkWriteResult(string FullyQualifiedName, SinkOutcome Outcome, FailureDetail? Failure = null)
{
    public static SinkWriteResult Failed(string fqn, FailureDetail failure) => new(fqn, SinkOutcome.Failed, failure);
}
