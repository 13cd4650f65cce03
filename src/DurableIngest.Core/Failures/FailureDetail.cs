using DurableIngest.Secrets;

namespace DurableIngest.Failures;

/// <summary>
/// A serializable failure that travels across the fan-in as a value: which entity, at which stage,
/// why, and whether retrying could help.
/// </summary>
public sealed record FailureDetail(string Entity, string Stage, string Message, string ErrorType, bool IsTransient = false)
{
    public const string DiscoverStage = "discover";
    public const string ReadStage = "read";
    public const string WriteStage = "write";
    public const string DeleteStage = "delete";

    public static FailureDetail From(string entity, string stage, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FailureDetail(entity, stage, exception.Message, exception.GetType().Name, ErrorClassifier.IsTransient(exception));
    }

    /// <summary>This failure with the run's secrets masked in its message, as it may be stored.</summary>
    public FailureDetail Redacted(SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        return this with { Message = redactor.Redact(Message) };
    }
}
