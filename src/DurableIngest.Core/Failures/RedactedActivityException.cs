using System.Diagnostics.CodeAnalysis;
using DurableIngest.Secrets;

namespace DurableIngest.Failures;

/// <summary>
/// The only exception that leaves an activity (<see cref="IngestionActivities"/> replaces any other with it): the
/// original exception's short type name, its message with the run's secrets masked, and whether it is transient. It
/// never has an inner exception, because Durable Task persists a thrown exception's whole chain in the orchestration
/// history (FailureDetails.InnerFailure) and logs it.
/// <para>
/// Encoding: <see cref="Exception.Message"/> is <c>"&lt;ErrorType&gt;: &lt;ErrorMessage&gt;"</c>. A CLR type's short
/// name never contains <c>": "</c>, so the first <c>": "</c> of the message splits it back unambiguously
/// (<see cref="TryDecode"/>, used by <see cref="Orchestration.ActivityFailedException.FromFailureDetails"/>), whatever
/// the message itself contains.
/// </para>
/// </summary>
[SuppressMessage("Design", "CA1032:Implement standard exception constructors", Justification = "An inner exception is what this type exists to drop; every instance needs an error type.")]
public sealed class RedactedActivityException : Exception, IKnowsTransience
{
    public const string Separator = ": ";

    public RedactedActivityException(string errorType, string errorMessage, bool isTransient)
        : base(Encode(errorType, errorMessage))
    {
        ErrorType = errorType;
        ErrorMessage = errorMessage;
        IsTransient = isTransient;
    }

    /// <summary>The original exception's short type name (<c>TransientException</c>, <c>PostgresException</c>...).</summary>
    public string ErrorType { get; }

    /// <summary>The original exception's message, secrets masked.</summary>
    public string ErrorMessage { get; }

    /// <summary>What <see cref="ErrorClassifier.IsTransient"/> said of the original exception.</summary>
    public bool IsTransient { get; }

    /// <summary>The failure <paramref name="exception"/> becomes at the activity boundary.</summary>
    public static RedactedActivityException From(Exception exception, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(redactor);
        return exception is RedactedActivityException redacted
            ? new RedactedActivityException(redacted.ErrorType, redactor.Redact(redacted.ErrorMessage), redacted.IsTransient)
            : new RedactedActivityException(exception.GetType().Name, redactor.Redact(exception.Message), ErrorClassifier.IsTransient(exception));
    }

    /// <summary>Splits a <see cref="Exception.Message"/> of this type back into the original type name and message.</summary>
    public static bool TryDecode(string message, [NotNullWhen(true)] out string? errorType, [NotNullWhen(true)] out string? errorMessage)
    {
        ArgumentNullException.ThrowIfNull(message);
        var at = message.IndexOf(Separator, StringComparison.Ordinal);
        if (at <= 0)
        {
            (errorType, errorMessage) = (null, null);
            return false;
        }

        (errorType, errorMessage) = (message[..at], message[(at + Separator.Length)..]);
        return true;
    }

    private static string Encode(string errorType, string errorMessage)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorType);
        ArgumentNullException.ThrowIfNull(errorMessage);
        if (errorType.Contains(Separator, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The error type '{errorType}' contains '{Separator}', which separates it from the message; pass a type's short name.", nameof(errorType));
        }

        return errorType + Separator + errorMessage;
    }
}
