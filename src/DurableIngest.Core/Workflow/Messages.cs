namespace DurableIngest.Workflow;

/// <summary>Input of the discovery activity.</summary>
public sealed record DiscoverInput(string RunId, int ChunkSize);

/// <summary>Output of discovery: counts only; the entity lists are in the run store (one document per chunk).</summary>
public sealed record DiscoveryOutcome(int EntityCount, int FilteredCount, int ChunkCount, int SchemaCount, int WarningCount)
{
    /// <summary>Entities in chunk <paramref name="index"/> (all chunks are full but the last).</summary>
    public int EntitiesInChunk(int index, int chunkSize) => Math.Min(chunkSize, EntityCount - (index * chunkSize));
}

/// <summary>Input of a chunk activity: which run, which chunk; the chunk's entities are read from the run store.</summary>
public sealed record ChunkInput(string RunId, int ChunkIndex);

/// <summary>
/// A chunk's counts. Per-entity failures are stored with the chunk result in the run store; only counts travel.
/// <see cref="Exhausted"/> marks a chunk whose every attempt failed: all its entities count as failed.
/// </summary>
public sealed record ChunkOutcome(
    int ChunkIndex,
    int Succeeded,
    int Failed,
    int Created,
    int Updated,
    int Unchanged,
    int Warnings,
    bool Exhausted = false,
    string? Error = null)
{
    public int Processed => Succeeded + Failed;

    public static ChunkOutcome FromExhausted(int chunkIndex, int entityCount, string error) =>
        new(chunkIndex, 0, entityCount, 0, 0, 0, 0, Exhausted: true, Error: error);
}

/// <summary>
/// Input of the completion activity. Chunk results are read from the run store; only the chunks that exhausted their
/// retries (which stored nothing) travel here, so the payload stays small however large the run.
/// </summary>
public sealed record CompleteInput(
    string RunId,
    DateTime StartedAt,
    DateTime FinishedAt,
    double SuccessThreshold,
    DiscoveryOutcome? Discovery,
    string? DiscoveryError,
    IReadOnlyList<ExhaustedChunk> ExhaustedChunks);

/// <summary>A chunk whose every attempt failed, with the last error.</summary>
public sealed record ExhaustedChunk(int ChunkIndex, string Error);
