namespace DurableIngest.Cli.Runtime;

/// <summary>
/// On replay the orchestration asked for a different step than the journal recorded (as Durable Task reports it):
/// the workflow code or its input changed under a running instance. The run cannot resume safely.
/// </summary>
public sealed class NonDeterminismException : Exception
{
    public NonDeterminismException(string message)
        : base(message)
    {
    }

    public NonDeterminismException()
    {
    }

    public NonDeterminismException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
