using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>entity/data/table.json#/definitions/tableConstraint</c>.</summary>
internal sealed record TableConstraintRequest
{
    public required ConstraintType ConstraintType { get; init; }

    public required IReadOnlyList<string> Columns { get; init; }

    /// <summary>Column FQNs of the referred table (foreign keys).</summary>
    public IReadOnlyList<string>? ReferredColumns { get; init; }
}
