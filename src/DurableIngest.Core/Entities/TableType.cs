using System.Text.Json.Serialization;

namespace DurableIngest.Entities;

/// <summary>OpenMetadata's <c>tableType</c> enum (the values every server version accepts).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TableType>))]
public enum TableType
{
    Regular,
    External,
    View,
    SecureView,
    MaterializedView,
    Iceberg,
    Local,
    Partitioned,
    Foreign,
}
