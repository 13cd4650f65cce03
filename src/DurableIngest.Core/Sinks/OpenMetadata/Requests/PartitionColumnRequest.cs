using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary><c>partitionColumnDetails</c> (OpenMetadata 1.4 and later).</summary>
internal sealed record PartitionColumnRequest
{
    public required string ColumnName { get; init; }

    public required PartitionIntervalType IntervalType { get; init; }

    public string? Interval { get; init; }
}
