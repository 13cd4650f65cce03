namespace DurableIngest.Configuration;

/// <summary>
/// <c>workflowConfig.distributedExecution</c>, DurableIngest's extension of the OpenMetadata workflow file. Absent, the
/// workflow runs with the host's defaults; <c>enabled: false</c> runs the very same workflow one chunk at a time.
/// </summary>
public sealed record DistributedExecutionOptions
{
    /// <summary>
    /// The width a host uses when the workflow gives no <c>parallelism</c> and runs on the machine that received it
    /// (the CLI, serve): two chunks per core, the fastest cell of the measured sweep (README, "chunkSize and parallelism").
    /// </summary>
    public static int LocalDefaultParallelism => LocalDefaultParallelismFor(Environment.ProcessorCount);

    /// <summary>The local default on a machine with <paramref name="processorCount"/> cores: two chunks per core.</summary>
    public static int LocalDefaultParallelismFor(int processorCount) => 2 * processorCount;

    /// <summary>
    /// Default entities per chunk activity. Chosen by measurement (README, "Choosing chunkSize and parallelism"):
    /// large enough that per-chunk catalog queries and journal writes are amortised, small enough to keep
    /// every worker busy and a retried chunk cheap.
    /// </summary>
    public const int DefaultChunkSize = 200;

    /// <summary>Default true; false runs one chunk at a time, whatever <see cref="Parallelism"/> says.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Chunk activities kept in flight. Default (null): the host's, see <see cref="EffectiveParallelism"/>.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Entities per chunk activity. Default <see cref="DefaultChunkSize"/>.</summary>
    public int ChunkSize { get; init; } = DefaultChunkSize;

    public RetryPolicyOptions RetryPolicy { get; init; } = new();

    /// <summary>Overall limit for one chunk's attempts and retries. Default 86,400 s (OpenMetadata's default).</summary>
    public int TimeoutSeconds { get; init; } = 86_400;

    /// <summary>
    /// A chunk still running after this many times the median chunk so far gets a second attempt beside it; the first to
    /// finish is kept, the other cancelled (the local runtime: the CLI and <c>serve</c>); never before the attempt has run
    /// <see cref="Workflow.Orchestration.ActivityHedging.MinimumRun"/>, and not with <c>enabled: false</c>
    /// (<see cref="EffectiveHedgeSlowChunks"/>). Default
    /// <see cref="DefaultHedgeSlowChunks"/>; 0 turns it off. A straggler then costs the run about this many medians
    /// instead of its own length (README, "Stragglers and hedging").
    /// </summary>
    public double HedgeSlowChunks { get; init; } = DefaultHedgeSlowChunks;

    /// <summary>The default of <see cref="HedgeSlowChunks"/>: the run report's straggler mark, 3 times the median chunk.</summary>
    public const double DefaultHedgeSlowChunks = 3;

    /// <summary>Below this (and above 0) a hedge would race nearly every chunk with a copy of itself.</summary>
    public const double MinimumHedgeSlowChunks = 1.5;

    /// <summary>Minimum success percentage for a run to count as Completed. Default 90.</summary>
    public double SuccessThreshold { get; init; } = 90;

    public RunStoreOptions RunStore { get; init; } = new();

    /// <summary>
    /// The parallelism a run really uses: 1 when disabled, else <see cref="Parallelism"/>, else the default of the host
    /// that starts the run (<see cref="LocalDefaultParallelism"/> on the CLI and serve; the Functions app's is wider,
    /// to let Azure scale out).
    /// </summary>
    public int EffectiveParallelism(int hostDefault) => Enabled ? Parallelism ?? hostDefault : 1;

    /// <summary>
    /// The <see cref="HedgeSlowChunks"/> a run really uses: 0 when disabled, which promises one chunk at a time and so no
    /// second attempt beside one either.
    /// </summary>
    public double EffectiveHedgeSlowChunks => Enabled ? HedgeSlowChunks : 0;

    internal static DistributedExecutionOptions Read(ConfigSection section, Func<string, string?> environment)
    {
        var defaults = new DistributedExecutionOptions();
        // It used to be validated and then ignored: the host that runs a workflow is its orchestrator.
        section.Forbid("orchestrator", orchestrator =>
            $"is not a setting ('{orchestrator}'): the host that runs a workflow orchestrates it (durable-ingest ingest and serve: the local " +
            "runtime; the Azure Function App: Durable Functions); remove this key." +
            (orchestrator?.Trim().Equals("argo", StringComparison.OrdinalIgnoreCase) == true
                ? " DurableIngest does not run on Argo: to run on Azure, post the workflow to the Function App (src/DurableIngest.Functions/README.md)."
                : string.Empty));

        var options = new DistributedExecutionOptions
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Parallelism = section.GetInt("parallelism", min: 1, max: 1024),
            ChunkSize = section.GetInt("chunkSize", min: 1, max: 100_000) ?? defaults.ChunkSize,
            RetryPolicy = RetryPolicyOptions.Read(section.GetSection("retryPolicy")),
            TimeoutSeconds = section.GetInt("timeoutSeconds", min: 1) ?? defaults.TimeoutSeconds,
            SuccessThreshold = section.GetDouble("successThreshold", min: 0, max: 100) ?? defaults.SuccessThreshold,
            HedgeSlowChunks = section.GetDouble("hedgeSlowChunks", min: 0, max: 1000) ?? defaults.HedgeSlowChunks,
            RunStore = RunStoreOptions.Read(section.GetSection("runStore"), environment),
        };
        if (options.TimeoutSeconds < options.RetryPolicy.BackoffSeconds)
        {
            section.Error("timeoutSeconds", $"must be >= retryPolicy.backoffSeconds ({options.RetryPolicy.BackoffSeconds}), not {options.TimeoutSeconds}");
        }

        if (options.HedgeSlowChunks is > 0 and < MinimumHedgeSlowChunks)
        {
            section.Error(
                "hedgeSlowChunks",
                $"must be 0 (off) or at least {MinimumHedgeSlowChunks} times the median chunk, not {options.HedgeSlowChunks}: lower, nearly every chunk would run twice");
        }

        return options;
    }
}
