using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Http;
using DurableIngest.RunStore;

namespace DurableIngest.Hosting;

/// <summary>What a host decides when it composes DurableIngest (<see cref="DurableIngestServiceCollectionExtensions.AddDurableIngest"/>).</summary>
public sealed class DurableIngestHostOptions
{
    /// <summary>The host's run store. Required.</summary>
    public required Func<IServiceProvider, IRunStore> RunStore { get; init; }

    /// <summary>
    /// How long an outage of the run store is waited out (<see cref="ResilientRunStore"/>). Default: null, the store as
    /// given (a test that injects store faults wants to see them).
    /// </summary>
    public RunStoreResilienceOptions? RunStoreResilience { get; init; }

    /// <summary>
    /// Where relative paths in a workflow resolve. Default: null, the built-in connectors' own default (the current
    /// directory). Ignored when <see cref="Connectors"/> is given.
    /// </summary>
    public RelativePathBase? RelativePaths { get; init; }

    /// <summary>The sources and sinks. Default: null, the built-in ones; tests give scripted or fault-injecting ones.</summary>
    public ConnectorRegistry? Connectors { get; init; }

    /// <summary>Where <c>${VAR}</c> references resolve inside activities. Default: null, the process environment.</summary>
    public Func<string, string?>? Environment { get; init; }

    /// <summary>The width of a workflow that gives no <c>parallelism</c>. Default: two chunks per core of this machine.</summary>
    public int DefaultParallelism { get; init; } = DistributedExecutionOptions.LocalDefaultParallelism;

    /// <summary>The host recorded as the owner of every run it starts. Default: null (a one-shot command).</summary>
    public string? HostId { get; init; }

    /// <summary>The HTTP front door's limits; null for a host without one (the CLI commands). Default: null.</summary>
    public IngestRequestOptions? Requests { get; init; }

    /// <summary>The folder of schedule files; null for a host without schedules. Default: null.</summary>
    public string? SchedulesPath { get; init; }
}
