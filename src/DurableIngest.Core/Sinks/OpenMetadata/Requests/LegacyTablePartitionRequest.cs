using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary><c>tablePartition</c> as servers before OpenMetadata 1.4 define it: column names plus one interval type.</summary>
internal sealed record LegacyTablePartitionRequest
{
    public required IReadOnlyList<string> Columns { get; init; }

    public required PartitionIntervalType IntervalType { get; init; }

    public string? Interval { get; init; }
}
