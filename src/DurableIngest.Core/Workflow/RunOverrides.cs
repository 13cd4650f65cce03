namespace DurableIngest.Workflow;

/// <summary>Execution settings a front door may override (the CLI's --parallelism and --chunk-size).</summary>
public sealed record RunOverrides(int? Parallelism = null, int? ChunkSize = null);
