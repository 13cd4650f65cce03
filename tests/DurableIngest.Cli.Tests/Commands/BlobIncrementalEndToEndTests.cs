using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DurableIngest.Sinks;
using DurableIngest.Testing;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>The proof for the blob sink, through the real CLI: the same PostgreSQL database into Azurite, three times.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class BlobIncrementalEndToEndTests(PostgresServerFixture postgres, ITestOutputHelper output) : IDisposable
{
    private const string Prefix = "catalog";

    private readonly string _work = Directory.CreateTempSubdirectory("di-blob-e2e-").FullName;
    private readonly AzuriteServer _azurite = AzuriteServer.Shared;
    private readonly string _container = AzuriteServer.NewContainerName("incremental");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ingest_IntoAzurite_EveryTableOnceThenNoBlobRewrittenThenATombstoneForTheDroppedTable()
    {
        var database = await ShopDatabase.CreateAsync(postgres);
        await File.WriteAllTextAsync(Path.Combine(_work, "blob.yaml"), Workflow(database));
        var client = _azurite.Client().GetBlobContainerClient(_container);
        var scratch = $"{Prefix}/{ShopDatabase.Service}/{CatalogPath.Encode(database)}/shop/{ShopDatabase.Scratch}.json";

        var first = await IngestAsync("first");

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Output}\n{first.Error}");
        var written = await ETagsAsync(client);
        Assert.Equal(ShopDatabase.TableFqns(database).Count, written.Count);
        Assert.Contains(scratch, written.Keys);

        var second = await IngestAsync("second");

        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}\n{second.Output}\n{second.Error}");
        Assert.Equal(written, await ETagsAsync(client));
        Assert.Equal((14, 14, 0), await SummaryFile.CountsAsync(_work, "second", "total", "unchanged", "created"));

        await ShopDatabase.DropScratchAsync(postgres, database);
        var third = await IngestAsync("third");

        Assert.True(third.ExitCode == 0, $"exit {third.ExitCode}\n{third.Output}\n{third.Error}");
        var after = await ETagsAsync(client);
        Assert.Equal(written.Where(b => b.Key != scratch), after.Where(b => b.Key != scratch));
        Assert.NotEqual(written[scratch], after[scratch]);
        using (var tombstone = JsonDocument.Parse((await client.GetBlobClient(scratch).DownloadContentAsync()).Value.Content))
        {
            Assert.True(tombstone.RootElement.GetProperty("deleted").GetBoolean());
            Assert.Equal(ShopDatabase.Scratch, tombstone.RootElement.GetProperty("name").GetString());
        }

        Assert.Equal((13, 13, 1), await SummaryFile.CountsAsync(_work, "third", "total", "unchanged", "deleted"));
    }

    private static async Task<SortedDictionary<string, string>> ETagsAsync(BlobContainerClient container)
    {
        var etags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix + "/" }))
        {
            etags[blob.Name] = blob.Properties.ETag!.Value.ToString();
        }

        return etags;
    }

    private async Task<CliProcess.Result> IngestAsync(string runId)
    {
        var result = await CliProcess.RunAsync(_work, ShopDatabase.Environment(("AZURITE_CONNECTION", _azurite.ConnectionString)), "ingest", "-c", "blob.yaml", "--run-id", runId);
        output.WriteLine($"$ durable-ingest ingest -c blob.yaml --run-id {runId}   (exit {result.ExitCode})\n{result.Output}{result.Error}");
        return result;
    }

    private string Workflow(string database) => ShopDatabase.Source(postgres.Server, database) + $$"""

        sink:
          type: blob
          config:
            connectionString: ${AZURITE_CONNECTION}
            container: {{_container}}
            prefix: {{Prefix}}
        workflowConfig:
          loggerLevel: WARN
          distributedExecution:
            enabled: true
            parallelism: 4
            chunkSize: 4
        """;
}
