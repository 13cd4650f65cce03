namespace DurableIngest.Entities;

/// <summary>A table-level constraint; <see cref="ReferredColumns"/> holds column FQNs of the referenced table.</summary>
public sealed record TableConstraint
{
    public required ConstraintType ConstraintType { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public IReadOnlyList<string>? ReferredColumns { get; init; }
}
