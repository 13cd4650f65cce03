namespace DurableIngest.Entities;

/// <summary>
/// What the source knows about a table that OpenMetadata's CreateTable has no property for.
/// File and blob documents keep it; the OpenMetadata REST sink leaves it out (the server rejects unknown properties).
/// </summary>
public sealed record SourceDetails
{
    public IReadOnlyList<TableIndex> Indexes { get; init; } = [];
    public IReadOnlyList<CheckConstraint> CheckConstraints { get; init; } = [];
    public IReadOnlyList<string> Owners { get; init; } = [];
    /// <summary>Source-specific facts (for example Redshift's dist style), sorted by key when written.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Indexes.Count == 0 && CheckConstraints.Count == 0 && Owners.Count == 0 && Properties.Count == 0;
}
