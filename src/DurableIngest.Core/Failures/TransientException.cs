namespace DurableIngest.Failures;

/// <summary>Thrown by adapters for a failure that a retry may cure (the chunk is retried per retryPolicy).</summary>
public sealed class TransientException : Exception
{
    public TransientException()
    {
    }

    public TransientException(string message)
        : base(message)
    {
    }

    public TransientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
