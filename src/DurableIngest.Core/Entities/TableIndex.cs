namespace DurableIngest.Entities;

/// <summary>An index as the source reports it. Not part of CreateTable; kept in the document's <c>sourceDetails</c>.</summary>
public sealed record TableIndex
{
    public required string Name { get; init; }
    public required IReadOnlyList<string> Columns { get; init; }
    public bool Unique { get; init; }
    /// <summary>The source's definition, e.g. <c>CREATE INDEX ... USING btree (...)</c>, when it offers one.</summary>
    public string? Definition { get; init; }
}
