namespace DurableIngest.Configuration;

/// <summary>
/// <c>workflowConfig.distributedExecution</c>, DurableIngest's extension of the OpenMetadata workflow file.
/// Absent or <c>enabled: false</c> runs the very same workflow with parallelism 1.
/// </summary>
public sealed record DistributedExecutionOptions
{
    public const string LocalOrchestrator = "local";
    public const string AzureFunctionsOrchestrator = "azure-functions";

    /// <summary>
    /// Default entities per chunk activity. Chosen by measurement (README, "Choosing chunkSize and parallelism"):
    /// large enough that per-chunk catalog queries and journal writes are amortised, small enough to keep
    /// every worker busy and a retried chunk cheap.
    /// </summary>
    public const int DefaultChunkSize = 200;

    /// <summary>Default false: one chunk at a time.</summary>
    public bool Enabled { get; init; }

    /// <summary><c>local</c> (default) or <c>azure-functions</c>.</summary>
    public string Orchestrator { get; init; } = LocalOrchestrator;

    /// <summary>Chunk activities kept in flight. Default 2 × processor count.</summary>
    public int Parallelism { get; init; } = 2 * Environment.ProcessorCount;

    /// <summary>Entities per chunk activity. Default <see cref="DefaultChunkSize"/>.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    public RetryPolicyOptions RetryPolicy { get; init; } = new();

    /// <summary>Overall limit for one chunk's attempts and retries. Default 86,400 s (OpenMetadata's default).</summary>
    public int TimeoutSeconds { get; init; } = 86_400;

    /// <summary>Minimum success percentage for a run to count as Completed. Default 90.</summary>
    public double SuccessThreshold { get; init; } = 90;

    public RunStoreOptions RunStore { get; init; } = new();

    /// <summary>The parallelism the workflow really uses: <see cref="Parallelism"/> when enabled, else 1.</summary>
    public int EffectiveParallelism => Enabled ? Parallelism : 1;

    internal static DistributedExecutionOptions Read(ConfigSection section, Func<string, string?> environment)
    {
        var defaults = new DistributedExecutionOptions();
        var orchestrator = section.GetString("orchestrator")?.Trim().ToLowerInvariant() ?? defaults.Orchestrator;
        if (orchestrator is not (LocalOrchestrator or AzureFunctionsOrchestrator))
        {
            section.Error("orchestrator", $"must be 'local' or 'azure-functions', not '{orchestrator}'");
        }

        var options = new DistributedExecutionOptions
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Orchestrator = orchestrator,
            Parallelism = section.GetInt("parallelism", min: 1, max: 1024) ?? defaults.Parallelism,
            ChunkSize = section.GetInt("chunkSize", min: 1, max: 100_000) ?? defaults.ChunkSize,
            RetryPolicy = RetryPolicyOptions.Read(section.GetSection("retryPolicy")),
            TimeoutSeconds = section.GetInt("timeoutSeconds", min: 1) ?? defaults.TimeoutSeconds,
            SuccessThreshold = section.GetDouble("successThreshold", min: 0, max: 100) ?? defaults.SuccessThreshold,
            RunStore = RunStoreOptions.Read(section.GetSection("runStore"), environment),
        };
        if (options.TimeoutSeconds < options.RetryPolicy.BackoffSeconds)
        {
            section.Error("timeoutSeconds", $"must be >= retryPolicy.backoffSeconds ({options.RetryPolicy.BackoffSeconds}), not {options.TimeoutSeconds}");
        }

        return options;
    }
}
