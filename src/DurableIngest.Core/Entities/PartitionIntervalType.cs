using System.Text.Json.Serialization;

namespace DurableIngest.Entities;

/// <summary>OpenMetadata's <c>tablePartition.intervalType</c> enum.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PartitionIntervalType>))]
public enum PartitionIntervalType
{
    [JsonStringEnumMemberName("TIME-UNIT")] TimeUnit,
    [JsonStringEnumMemberName("INTEGER-RANGE")] IntegerRange,
    [JsonStringEnumMemberName("INGESTION-TIME")] IngestionTime,
    [JsonStringEnumMemberName("COLUMN-VALUE")] ColumnValue,
    [JsonStringEnumMemberName("OTHER")] Other,
}
