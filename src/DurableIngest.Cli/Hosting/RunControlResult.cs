namespace DurableIngest.Cli.Hosting;

/// <summary>The outcome of terminating or purging a run, with a message for the caller.</summary>
internal sealed record RunControlResult(RunControlOutcome Outcome, string Message);
