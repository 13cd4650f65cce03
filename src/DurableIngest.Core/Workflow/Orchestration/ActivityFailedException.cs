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

    public string ErrorType { get; } = string.Empty;

    public string ErrorMessage { get; } = string.Empty;
}
