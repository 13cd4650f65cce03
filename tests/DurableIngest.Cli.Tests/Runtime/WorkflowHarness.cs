using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Hosting;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Secrets;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>The real workflow and local runtime, a real file sink in a temp folder, and a scripted source.</summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly CliServices _services;

    public WorkflowHarness(
        ScriptedSource source, IRunStore? store = null, TimeProvider? time = null, Func<string, string?>? environment = null, ILoggerFactory? loggerFactory = null)
    {
        var logs = loggerFactory ?? NullLoggerFactory.Instance;
        Source = source;
        Time = time ?? TimeProvider.System;
        Store = store ?? new InMemoryRunStore();
        CatalogPath = Directory.CreateTempSubdirectory("di-catalog-").FullName;
        // The hosts' own composition, with the scripted source and no outage budget (the tests inject store faults).
        var composedStore = Store;
        _services = CliServices.Compose(
            new DurableIngestHostOptions { RunStore = _ => composedStore, Connectors = new ConnectorRegistry([source], [new FileSinkProvider()]), Environment = environment },
            logs,
            time: Time);
        Connectors = _services.Connectors;
        Vault = _services.Vault;
        Starter = _services.Starter;
        Activities = _services.Activities;
        Dispatcher = new LocalActivityDispatcher(Activities);
        Runtime = new LocalRuntime(Store, Dispatcher, Time, logs);
    }

    public ScriptedSource Source { get; }

    public TimeProvider Time { get; }

    public IRunStore Store { get; }

    public string CatalogPath { get; }

    public ConnectorRegistry Connectors { get; }

    public SecretVault Vault { get; }

    public RunStarter Starter { get; }

    public IngestionActivities Activities { get; }

    public LocalActivityDispatcher Dispatcher { get; }

    public LocalRuntime Runtime { get; }

    public string Yaml(
        int parallelism = 3,
        int chunkSize = 10,
        int maxAttempts = 3,
        double backoffSeconds = 0.01,
        double backoffFactor = 2,
        double successThreshold = 90,
        string sourceConfig = "",
        string? catalogPath = null,
        string connectionConfig = "",
        double? hedgeSlowChunks = null) =>
        ScriptedSource.Workflow(
            catalogPath ?? CatalogPath, parallelism, chunkSize, maxAttempts, backoffSeconds, backoffFactor, successThreshold, sourceConfig, connectionConfig, hedgeSlowChunks);

    public async Task<string> StartAsync(string yaml, string runId = "run-1", RunOverrides? overrides = null)
    {
        var config = new WorkflowConfigLoader(Connectors, _ => null).Load(yaml, "test.yaml");
        await Starter.CreateAsync(runId, config, null, overrides, CancellationToken.None);
        return runId;
    }

    public Task<RunResult> RunAsync(string runId, CancellationToken cancellationToken = default) =>
        Runtime.RunIngestionAsync(runId, null, cancellationToken);

    public Task<RunSummary> SummaryAsync(string runId) => Store.ReadRequiredAsync<RunSummary>(RunKeys.Summary(runId), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(CatalogPath, recursive: true);
    }
}
