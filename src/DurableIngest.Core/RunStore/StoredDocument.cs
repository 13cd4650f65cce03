namespace DurableIngest.RunStore;

/// <summary>A document read from a run store, with the ETag to use for a conditional replace.</summary>
public sealed record StoredDocument(ReadOnlyMemory<byte> Content, string ETag);
