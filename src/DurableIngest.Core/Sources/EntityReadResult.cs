using DurableIngest.Entities;
using DurableIngest.Failures;

namespace DurableIngest.Sources;

/// <summary>One entity's outcome within a chunk: its metadata, or why it could not be read.</summary>
public sealed record EntityReadResult(DiscoveredEntity Entity, TableMetadata? Table, FailureDetail? Failure)
{
    public static EntityReadResult Success(DiscoveredEntity entity, TableMetadata table) => new(entity, table, null);

    public static EntityReadResult Failed(DiscoveredEntity entity, string message, string errorType) =>
        new(entity, null, new FailureDetail(entity.DisplayName, FailureDetail.ReadStage, message, errorType));
}
