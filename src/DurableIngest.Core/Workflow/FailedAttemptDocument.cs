namespace DurableIngest.Workflow;

/// <summary>
/// <c>attempts/…json</c>: one activity attempt that failed (and may have been retried), as the activity saw it. The
/// runtimes retry; only the activity knows when its attempt started, so it records the attempt before it rethrows.
/// The message is redacted like every stored message.
/// </summary>
public sealed record FailedAttemptDocument(
    string Activity,
    int? ChunkIndex,
    DateTime StartedAt,
    DateTime FailedAt,
    string ErrorType,
    string Message,
    bool IsTransient);
