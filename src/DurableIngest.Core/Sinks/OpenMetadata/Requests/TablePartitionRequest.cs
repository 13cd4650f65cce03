namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>
/// <c>tablePartition</c> as OpenMetadata 1.4 and later define it: one <see cref="PartitionColumnRequest"/> per partition column.
/// </summary>
internal sealed record TablePartitionRequest(IReadOnlyList<PartitionColumnRequest> Columns);
