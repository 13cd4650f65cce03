namespace DurableIngest.Workflow;

/// <summary>The names activities are registered and journaled under, identical in both runtimes.</summary>
public static class ActivityNames
{
    public const string Orchestration = "IngestionOrchestration";
    public const string Discover = "DiscoverEntities";
    public const string ProcessChunk = "ProcessChunk";
    public const string Complete = "CompleteRun";
}
