namespace DurableIngest.Entities;

/// <summary>OpenMetadata's <c>tablePartition</c>: the partition columns and how values map to partitions.</summary>
public sealed record TablePartition
{
    public required IReadOnlyList<string> Columns { get; init; }
    public required PartitionIntervalType IntervalType { get; init; }
    public string? Interval { get; init; }
}
