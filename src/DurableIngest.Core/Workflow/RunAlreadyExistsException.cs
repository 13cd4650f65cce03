namespace DurableIngest.Workflow;

/// <summary>A run with this id exists already (start it under another id, or resume it).</summary>
public sealed class RunAlreadyExistsException : Exception
{
    public RunAlreadyExistsException(string runId)
        : base($"Run '{runId}' already exists; resume it with 'durable-ingest resume {runId}' or choose another --run-id.") => RunId = runId;

    public RunAlreadyExistsException()
        : this(string.Empty)
    {
    }

    public RunAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException) => RunId = string.Empty;

    public string RunId { get; }
}
