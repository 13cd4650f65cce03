namespace DurableIngest.Http;

/// <summary>The outcome of terminating or purging a run, with a message for the caller.</summary>
public sealed record RunControlResult(RunControlOutcome Outcome, string Message);
