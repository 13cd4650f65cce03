namespace DurableIngest.Entities;

/// <summary>
/// What the file and blob sinks write in place of a table that disappeared from the source: OpenMetadata's
/// soft delete, as a document. Deterministic (no timestamp), so re-running a delete changes nothing.
/// </summary>
public sealed record TombstoneDocument(string Name, string DatabaseSchema)
{
    public bool Deleted { get; init; } = true;
}
