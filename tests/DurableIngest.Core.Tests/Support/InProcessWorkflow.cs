using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Hosting;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Testing.Orchestration;
using DurableIngest.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Core.Tests.Support;

/// <summary>
/// The real workflow and activities, composed by the hosts' own composition root, run on the in-memory orchestration
/// context: a scripted source, a file sink in a temp folder, an in-memory run store and a fake clock.
/// </summary>
internal sealed class InProcessWorkflow : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly TempFolder _catalog = new();

    public InProcessWorkflow(ScriptedSource source)
    {
        Source = source;
        source.Time = Time;
        var store = Store;
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(Time)
            .AddDurableIngest(new DurableIngestHostOptions { RunStore = _ => store, Connectors = new ConnectorRegistry([source], [new FileSinkProvider()]) })
            .BuildServiceProvider();
    }

    public ScriptedSource Source { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public InMemoryRunStore Store { get; } = new();

    public string CatalogPath => _catalog.Path;

    public string Yaml(string sourceConfig = "", string? catalogPath = null, int chunkSize = 10, string connectionConfig = "") =>
        ScriptedSource.Workflow(catalogPath ?? CatalogPath, parallelism: 3, chunkSize: chunkSize, sourceConfig: sourceConfig, connectionConfig: connectionConfig);

    /// <summary>Starts a run as every host does (stored manifest and configuration), then runs the workflow to its end.</summary>
    public async Task<(RunSummary Summary, InMemoryOrchestrationContext Context)> RunAsync(string yaml, string runId, RunOverrides? overrides = null)
    {
        var config = _services.GetRequiredService<WorkflowConfigLoader>().Load(yaml, "test.yaml");
        var manifest = await _services.GetRequiredService<RunStarter>().CreateAsync(runId, config, null, overrides, CancellationToken.None);
        var context = new InMemoryOrchestrationContext(runId, Time).RegisterActivities(_services.GetRequiredService<IngestionActivities>());
        var result = await IngestionOrchestration.RunAsync(context, manifest.Request);
        return (await Store.ReadRequiredAsync<RunSummary>(result.SummaryKey, CancellationToken.None), context);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _catalog.Dispose();
    }
}
