namespace DurableIngest.Workflow;

/// <summary>No run with this id in the run store.</summary>
public sealed class RunNotFoundException : Exception
{
    public RunNotFoundException(string runId)
        : base($"Run '{runId}' was not found in the run store; 'durable-ingest runs' lists the runs it holds.") => RunId = runId;

    public RunNotFoundException()
        : this(string.Empty)
    {
    }

    public RunNotFoundException(string message, Exception innerException)
        : base(message, innerException) => RunId = string.Empty;

    public string RunId { get; }
}
