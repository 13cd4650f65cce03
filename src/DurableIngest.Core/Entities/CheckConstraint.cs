namespace DurableIngest.Entities;

/// <summary>A CHECK constraint with its expression. Not part of CreateTable; kept in <c>sourceDetails</c>.</summary>
public sealed record CheckConstraint(string Name, string Expression);
