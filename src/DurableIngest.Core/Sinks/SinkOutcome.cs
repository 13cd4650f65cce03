namespace DurableIngest.Sinks;

/// <summary>What the sink did with one table.</summary>
public enum SinkOutcome
{
    Created,
    Updated,
    Unchanged,
    Deleted,
    Failed,
}
