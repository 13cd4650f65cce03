namespace DurableIngest.Workflow;

/// <summary>
/// Execution settings a front door may override (the CLI's --parallelism, --chunk-size and --full). <see cref="Full"/>
/// writes every table, even those unchanged since the service's last successful run.
/// </summary>
public sealed record RunOverrides(int? Parallelism = null, int? ChunkSize = null, bool Full = false);
