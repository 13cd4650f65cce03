namespace DurableIngest.Cli.Runtime;

/// <summary>Another live process holds the run's lease: two processes never drive one run.</summary>
public sealed class RunLeasedException : Exception
{
    public RunLeasedException(string message)
        : base(message)
    {
    }

    public RunLeasedException()
    {
    }

    public RunLeasedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
