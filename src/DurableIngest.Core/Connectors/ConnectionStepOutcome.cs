namespace DurableIngest.Connectors;

public enum ConnectionStepOutcome
{
    Passed,
    Failed,

    /// <summary>Not tried, because a step it depends on failed.</summary>
    Skipped,
}
