using System.Text.Json;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>status, runs and resume on a blob run store (real Azurite), named by the workflow file or by flags.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobRunStoreCommandsTests : IDisposable
{
    private readonly AzuriteServer _azurite;
    private readonly string _work = Directory.CreateTempSubdirectory("di-blobcli-").FullName;
    private readonly string _container = AzuriteServer.NewContainerName("runs");

    public BlobRunStoreCommandsTests(AzuriteFixture azurite)
    {
        _azurite = azurite.Server;
        File.Copy(Path.Combine(CliProcess.RepositoryRoot, "examples", "warehouse.db"), Path.Combine(_work, "warehouse.db"));
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>The blob store's connection from the AzureWebJobsStorage setting, as a Functions host provides it.</summary>
    private Dictionary<string, string> Setting => new() { ["AzureWebJobsStorage"] = _azurite.ConnectionString };

    /// <summary>A workflow file on the copied warehouse with a blob run store; no connection string means the AzureWebJobsStorage default.</summary>
    private string WriteConfig(string? connectionString)
    {
        var connection = connectionString is null ? string.Empty : $"\n      connectionString: '{connectionString}'";
        var path = Path.Combine(_work, "blob.yaml");
        File.WriteAllText(path, $"""
            source:
              type: sqlite
              serviceName: quickstart
              serviceConnection:
                config:
                  type: SQLite
                  databaseMode: {Path.Combine(_work, "warehouse.db")}
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
                chunkSize: 5
                runStore:
                  type: blob{connection}
                  container: {_container}
            """);
        return path;
    }

    private async Task<CliProcess.Result> CliAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var result = await CliProcess.RunAsync(_work, environment, arguments);
        Assert.DoesNotContain(BlobConnectionStringKey, result.Output + result.Error, StringComparison.Ordinal);
        return result;
    }

    private static string BlobConnectionStringKey => AzuriteServer.AccountKey;

    [Fact]
    public async Task StatusAndRuns_ConfigFileNamesABlobRunStore_ShowTheRunKeptInTheContainer()
    {
        var config = WriteConfig(_azurite.ConnectionString);
        var ingest = await CliAsync(null, "ingest", "-c", config, "--run-id", "blob-1");
        Assert.True(ingest.ExitCode == 0, ingest.Output + ingest.Error);

        var status = await CliAsync(null, "status", "blob-1", "-c", config, "--json");
        var runs = await CliAsync(null, "runs", "-c", config);

        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        using var document = JsonDocument.Parse(status.Output);
        Assert.Equal("Completed", document.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal(0, runs.ExitCode);
        Assert.Contains("blob-1", runs.Output, StringComparison.Ordinal);
        Assert.Contains($"blob container '{_container}'", runs.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")), "nothing may go to the default local store");
    }

    [Fact]
    public async Task StatusAndRuns_RunStoreContainerFlag_TakeTheConnectionFromAzureWebJobsStorageOrTheFlag()
    {
        var config = WriteConfig(null);
        Assert.Equal(0, (await CliAsync(Setting, "ingest", "-c", config, "--run-id", "blob-2")).ExitCode);

        var fromSetting = await CliAsync(Setting, "status", "blob-2", "--run-store-container", _container, "--json");
        var fromFlag = await CliProcess.RunAsync(_work, "runs", "--run-store-connection", _azurite.ConnectionString, "--run-store-container", _container);

        Assert.True(fromSetting.ExitCode == 0, fromSetting.Output + fromSetting.Error);
        using var document = JsonDocument.Parse(fromSetting.Output);
        Assert.Equal("blob-2", document.RootElement.GetProperty("id").GetString());
        Assert.True(fromFlag.ExitCode == 0, fromFlag.Output + fromFlag.Error);
        Assert.Contains("blob-2", fromFlag.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resume_RunInABlobRunStoreWithItsLastStepLost_ReplaysTheJournalAndFinishes()
    {
        var config = WriteConfig(_azurite.ConnectionString);
        Assert.Equal(0, (await CliAsync(null, "ingest", "-c", config, "--run-id", "blob-3")).ExitCode);
        using var store = new BlobRunStore(BlobAccount.FromConnectionString(_azurite.ConnectionString), _container);
        var journal = await store.ListAsync(RunKeys.JournalPrefix("blob-3"), CancellationToken.None);
        // As if the process died after its chunks but before the final step was journaled.
        await store.DeleteAsync(journal[^1], CancellationToken.None);
        await store.DeleteAsync(RunKeys.Status("blob-3"), CancellationToken.None);

        var resumed = await CliAsync(Setting, "resume", "blob-3", "--run-store-container", _container);

        Assert.True(resumed.ExitCode == 0, resumed.Output + resumed.Error);
        Assert.Contains($"{journal.Count - 1} steps replayed from the journal, 1 executed", resumed.Error, StringComparison.Ordinal);
        var status = await store.ReadRequiredAsync<DurableIngest.Cli.Runtime.RunStatusDocument>(RunKeys.Status("blob-3"), CancellationToken.None, DurableIngest.Cli.Runtime.CliJson.Options);
        Assert.Equal(DurableIngest.Workflow.RunStatus.Completed, status.RuntimeStatus);
    }

    [Fact]
    public async Task Resume_RunNotInTheNamedBlobContainer_ExitsWithInvalidInputNamingTheContainerAndHowToNameAnother()
    {
        var resumed = await CliAsync(Setting, "resume", "nowhere", "--run-store-container", _container);

        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains($"Run 'nowhere' was not found in blob container '{_container}'", resumed.Error, StringComparison.Ordinal);
        Assert.Contains("--run-store-container", resumed.Error, StringComparison.Ordinal);
    }
}
