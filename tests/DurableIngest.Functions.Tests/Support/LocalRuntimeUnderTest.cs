using System.Text;
using DurableIngest.Cli;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Hosting;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>The CLI's local journaled runtime on a local directory run store, composed as the CLI composes it.</summary>
internal sealed class LocalRuntimeUnderTest : IRuntimeUnderTest
{
    private readonly string _storePath;
    private readonly CliServices _services;

    private LocalRuntimeUnderTest(string storePath, CliServices services)
    {
        _storePath = storePath;
        _services = services;
    }

    public string Name => Runtimes.Local;

    public IRunStore Store => _services.Store;

    public static LocalRuntimeUnderTest Start(ConnectorRegistry connectors)
    {
        var storePath = Directory.CreateTempSubdirectory("di-local-store-").FullName;
        var services = CliServices.Compose(
            new DurableIngestHostOptions { RunStore = _ => new LocalDirectoryRunStore(storePath), Connectors = connectors, HostId = "test-host" },
            NullLoggerFactory.Instance);
        return new LocalRuntimeUnderTest(storePath, services);
    }

    public async Task<FinishedRun> RunAsync(string workflowYaml, string runId, CancellationToken cancellationToken = default)
    {
        var config = new WorkflowConfigLoader(_services.Connectors).Load(workflowYaml, "workflow.yaml");
        await _services.Starter.CreateAsync(runId, config, null, null, cancellationToken);
        RunResult result;
        try
        {
            result = await _services.Runtime.RunIngestionAsync(runId, null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new FinishedRun(runId, nameof(RunStatus.Failed), null, $"{e.GetType().Name}: {e.Message}", await JournalAsync(runId, cancellationToken));
        }

        return new FinishedRun(runId, "Completed", result, null, await JournalAsync(runId, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_storePath, recursive: true);
    }

    // The local runtime's equivalent of a backend's history: every document of the run (journal, status, results).
    private async Task<IReadOnlyList<string>> JournalAsync(string runId, CancellationToken cancellationToken)
    {
        var payloads = new List<string>();
        foreach (var key in await Store.ListAsync(RunKeys.Run(runId), cancellationToken))
        {
            if (await Store.GetAsync(key, cancellationToken) is { } document)
            {
                payloads.Add(Encoding.UTF8.GetString(document.Content.Span));
            }
        }

        return payloads;
    }
}
