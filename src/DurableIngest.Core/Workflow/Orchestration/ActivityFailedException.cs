using DurableIngest.Failures;

namespace DurableIngest.Workflow.Orchestration;

/// <summary>An activity failed on every attempt its retry policy allowed (Durable Task's <c>TaskFailedException</c>).</summary>
public sealed class ActivityFailedException : Exception
{
    public ActivityFailedException(string activityName, string errorType, string message)
        : base($"Activity '{activityName}' failed: {errorType}: {message}")
    {
        ActivityName = activityName;
        ErrorType = errorType;
        ErrorMessage = message;
    }

    public ActivityFailedException()
        : this("unknown", nameof(Exception), "failed")
    {
    }

    public ActivityFailedException(string message)
        : this("unknown", nameof(Exception), message)
    {
    }

    public ActivityFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        ActivityName = "unknown";
        ErrorType = innerException?.GetType().Name ?? nameof(Exception);
        ErrorMessage = message;
    }

    public string ActivityName { get; } = string.Empty;

    /// <summary>The original exception's short type name (<c>TransientException</c>), the same in both runtimes.</summary>
    public string ErrorType { get; } = string.Empty;

    /// <summary>The original exception's message, the run's secrets masked.</summary>
    public string ErrorMessage { get; } = string.Empty;

    /// <summary>
    /// The failure as the orchestration sees it, from what a runtime recorded of the exception an activity threw: its
    /// type name (Durable Task's <c>FailureDetails.ErrorType</c>, a full name) and message. The
    /// <see cref="RedactedActivityException"/> every activity throws is decoded back to the original exception's short
    /// type name and (masked) message, its message being <c>"&lt;ShortType&gt;: &lt;message&gt;"</c>; any other type
    /// name is shortened to the type's own name (<c>System.InvalidOperationException</c> → <c>InvalidOperationException</c>),
    /// so both runtimes report the same names.
    /// </summary>
    public static ActivityFailedException FromFailureDetails(string activityName, string errorType, string errorMessage)
    {
        ArgumentNullException.ThrowIfNull(activityName);
        ArgumentNullException.ThrowIfNull(errorType);
        ArgumentNullException.ThrowIfNull(errorMessage);
        var isRedacted = errorType == typeof(RedactedActivityException).FullName || errorType == nameof(RedactedActivityException);
        return isRedacted && RedactedActivityException.TryDecode(errorMessage, out var originalType, out var originalMessage)
            ? new ActivityFailedException(activityName, originalType, originalMessage)
            : new ActivityFailedException(activityName, ShortTypeName(errorType), errorMessage);
    }

    /// <summary>A recorded type name as <c>Type.Name</c> gives it, so failures read the same whatever recorded them.</summary>
    // "Ns.Outer+Inner", "Ns.Generic`1[[Arg, Assembly]]" and "Ns.Type, Assembly" all end as Type.Name would give them.
    public static string ShortTypeName(string fullName)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var end = fullName.IndexOfAny(['[', ',']);
        var name = end < 0 ? fullName : fullName[..end];
        var start = name.LastIndexOfAny(['.', '+']) + 1;
        return start < name.Length ? name[start..].Trim() : fullName;
    }
}
