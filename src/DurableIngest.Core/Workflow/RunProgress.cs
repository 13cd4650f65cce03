namespace DurableIngest.Workflow;

/// <summary>The orchestration's custom status: where the run is and how fast it goes. Small and secret-free.</summary>
public sealed record RunProgress(
    string Phase,
    int ChunksDone,
    int ChunksTotal,
    int EntitiesDone,
    int EntitiesTotal,
    int Failures,
    double EntitiesPerSecond)
{
    public const string Discovering = "discovering";
    public const string Processing = "processing";
    public const string Completing = "completing";
    public const string Done = "done";
}
