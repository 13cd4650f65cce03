using System.Text.Json.Serialization;

namespace DurableIngest.Entities;

/// <summary>OpenMetadata's column-level <c>constraint</c> enum.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ColumnConstraint>))]
public enum ColumnConstraint
{
    [JsonStringEnumMemberName("NULL")] Null,
    [JsonStringEnumMemberName("NOT_NULL")] NotNull,
    [JsonStringEnumMemberName("UNIQUE")] Unique,
    [JsonStringEnumMemberName("PRIMARY_KEY")] PrimaryKey,
}
