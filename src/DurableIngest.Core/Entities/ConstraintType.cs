using System.Text.Json.Serialization;

namespace DurableIngest.Entities;

/// <summary>OpenMetadata's <c>tableConstraint.constraintType</c> enum.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConstraintType>))]
public enum ConstraintType
{
    [JsonStringEnumMemberName("UNIQUE")] Unique,
    [JsonStringEnumMemberName("PRIMARY_KEY")] PrimaryKey,
    [JsonStringEnumMemberName("FOREIGN_KEY")] ForeignKey,
    [JsonStringEnumMemberName("SORT_KEY")] SortKey,
    [JsonStringEnumMemberName("DIST_KEY")] DistKey,
}
