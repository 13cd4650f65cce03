using DurableIngest.Cli;
using DurableIngest.Configuration;
using DurableIngest.DurableTask.Client;
using DurableIngest.DurableTask.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.DurableTask.Tests.Client;

/// <summary>
/// The run-control contract <c>serve --task-hub</c> answers the ingest API with, against a real hub on Azurite and an
/// in-process worker, on the quickstart's SQLite warehouse.
/// </summary>
public sealed class TaskHubRunControlTests : IDisposable
{
    private readonly AzuriteServer _azurite = AzuriteServer.StartWithQueuesAndTables();
    private readonly string _work = Directory.CreateTempSubdirectory("di-runcontrol-").FullName;

    [Fact]
    public async Task RunControl_LaunchFollowListTerminatePurge_AnswersAsTheIngestApiExpects()
    {
        var hub = "control" + Guid.NewGuid().ToString("N")[..8];
        var storage = TaskHubStorage.Resolve(_azurite.ConnectionString, _ => null, []) ?? throw new InvalidOperationException("Azurite's connection string");
        var options = new TaskHubOptions { TaskHubName = hub, RunStoreContainer = hub, MaxQueuePollingInterval = TimeSpan.FromMilliseconds(500) };
        using var store = new BlobRunStore(storage.Account, hub);
        await using var services = CliServices.Compose(CliServices.HostOptions(store, RelativePathBase.CurrentDirectory(), hostId: null), NullLoggerFactory.Instance);
        await using var worker = IngestionWorker.Create(options, storage, services.Activities, NullLoggerFactory.Instance);
        await worker.StartAsync(CancellationToken.None);
        var control = new TaskHubRunControl(TaskHubService.Create(options with { WorkerId = "client" }, storage, NullLoggerFactory.Instance), store, TimeProvider.System)
        {
            PollingInterval = TimeSpan.FromMilliseconds(200),
        };

        var manifest = await services.Starter.CreateAsync("control-run", LoadWorkflow(), null, null, CancellationToken.None);
        await control.LaunchAsync(manifest, CancellationToken.None);
        await Assert.ThrowsAsync<RunAlreadyExistsException>(() => control.LaunchAsync(manifest, CancellationToken.None));
        var seen = new List<RunProgress>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var final = await control.WaitAsync("control-run", seen.Add, deadline.Token);

        Assert.Equal(RunStatus.Completed, final.RuntimeStatus);
        Assert.Equal(ActivityNames.Orchestration, final.Name);
        Assert.Null(final.Error);
        Assert.Equal(RunProgress.Done, final.CustomStatus?.Phase);
        Assert.Equal(final.CustomStatus, seen[^1]);
        Assert.True(await control.IsKnownAsync("control-run", CancellationToken.None));
        Assert.Equal(["control-run"], (await control.ListAsync(10, CancellationToken.None)).Select(v => v.Id));
        Assert.Equal(RunControlOutcome.Conflict, (await control.TerminateAsync("control-run", CancellationToken.None)).Outcome);
        Assert.Equal(RunControlOutcome.NotFound, (await control.TerminateAsync("no-such-run", CancellationToken.None)).Outcome);
        Assert.Null(await control.GetStatusAsync("no-such-run", CancellationToken.None));

        // The CLI's terminate and purge say the same through the same run control.
        string[] hubArguments = ["--task-hub", hub, "--storage", _azurite.ConnectionString, "--run-store-container", hub];
        var terminateFinished = await CliProcess.RunAsync(_work, ["terminate", "control-run", .. hubArguments]);
        var terminateUnknown = await CliProcess.RunAsync(_work, ["terminate", "no-such-run", .. hubArguments]);
        var purged = await CliProcess.RunAsync(_work, ["purge", "control-run", .. hubArguments]);
        var purgedAgain = await CliProcess.RunAsync(_work, ["purge", "control-run", .. hubArguments]);

        Assert.True(terminateFinished.ExitCode == 1, terminateFinished.ToString());
        Assert.Equal(2, terminateUnknown.ExitCode);
        Assert.True(purged.ExitCode == 0, purged.ToString());
        Assert.Equal(2, purgedAgain.ExitCode);
        Assert.Null(await control.GetStatusAsync("control-run", CancellationToken.None));
        Assert.Empty(await store.ListAsync("runs/control-run/", CancellationToken.None));
        await worker.StopAsync(CancellationToken.None);
    }

    public void Dispose()
    {
        _azurite.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private WorkflowConfig LoadWorkflow()
    {
        var path = Path.Combine(_work, "quickstart.yaml");
        File.WriteAllText(path, $"""
            source:
              type: sqlite
              serviceName: quickstart
              serviceConnection:
                config:
                  type: SQLite
                  databaseMode: {Path.Combine(CliProcess.RepositoryRoot, "examples", "warehouse.db")}
                  database: warehouse
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: {Path.Combine(_work, "catalog")}
            workflowConfig:
              distributedExecution:
                enabled: true
                chunkSize: 10
            """);
        return CliServices.CreateLoader().LoadFile(path);
    }
}
