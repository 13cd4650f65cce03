using System.Net;
using System.Text;
using Azure.Storage.Blobs;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Sinks;
using DurableIngest.Sinks.Blob;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DurableIngest.Core.Tests.Sinks.Blob;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobSinkTests(AzuriteFixture azurite)
{
    private static readonly SchemaRef Shop = new("local_pg", "shop", "public");

    private BlobSink NewSink(string container, string prefix = "") =>
        new(new BlobSinkOptions { Account = BlobAccount.FromConnectionString(azurite.Server.ConnectionString), Container = container, Prefix = prefix }, NullLogger<BlobSink>.Instance);

    /// <summary>What is in the container, read with the SDK directly.</summary>
    private BlobContainerClient Container(string name) => azurite.Server.Client().GetBlobContainerClient(name);

    private async Task<byte[]> ContentAsync(string container, string name) =>
        (await Container(container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    private async Task<List<string>> NamesAsync(string container)
    {
        var names = new List<string>();
        await foreach (var blob in Container(container).GetBlobsAsync())
        {
            names.Add(blob.Name);
        }

        return names;
    }

    private static TableMetadata Table(string name, string description = "orders placed online") => new()
    {
        Schema = Shop,
        Name = name,
        TableType = TableType.Regular,
        Description = description,
        Columns =
        [
            new Column { Name = "id", DataType = DataType.BIGINT, DataTypeDisplay = "bigint", Constraint = ColumnConstraint.PrimaryKey, OrdinalPosition = 1 },
            new Column { Name = "note", DataType = DataType.VARCHAR, DataLength = 200, DataTypeDisplay = "character varying(200)", OrdinalPosition = 2 },
        ],
        SourceDetails = new SourceDetails { Indexes = [new TableIndex { Name = $"{name}_pkey", Columns = ["id"], Unique = true }] },
    };

    [Fact]
    public async Task Write_NewTables_CreatesOneBlobPerTableWithExactlyTheFileSinkBytes()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container, "catalog/prod");
        TableMetadata[] tables = [Table("orders"), Table("order.items")];

        var results = await sink.WriteAsync(tables, CancellationToken.None);

        Assert.Equal([SinkOutcome.Created, SinkOutcome.Created], results.Select(r => r.Outcome));
        Assert.Equal(tables.Select(t => t.FullyQualifiedName), results.Select(r => r.FullyQualifiedName));
        foreach (var table in tables)
        {
            Assert.Equal(EntityJson.SerializeTableDocument(table), await ContentAsync(container, "catalog/prod/" + CatalogPath.ForTable(Shop, table.Name)));
        }
    }

    [Fact]
    public async Task Write_SameTablesAgain_ReportsUpdatedAndLeavesOneBlobPerTable()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container);
        TableMetadata[] tables = [Table("orders"), Table("customers")];
        await sink.WriteAsync(tables, CancellationToken.None);

        var again = await sink.WriteAsync(tables, CancellationToken.None);

        Assert.All(again, r => Assert.Equal(SinkOutcome.Updated, r.Outcome));
        Assert.Equal(
            [CatalogPath.ForTable(Shop, "customers"), CatalogPath.ForTable(Shop, "orders")],
            await NamesAsync(container));
    }

    [Fact]
    public async Task Write_ChangedTable_ReplacesTheDocument()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container);
        await sink.WriteAsync([Table("orders")], CancellationToken.None);
        var changed = Table("orders", "orders, now with notes");

        var results = await sink.WriteAsync([changed], CancellationToken.None);

        Assert.Equal(SinkOutcome.Updated, Assert.Single(results).Outcome);
        Assert.Equal(EntityJson.SerializeTableDocument(changed), await ContentAsync(container, CatalogPath.ForTable(Shop, "orders")));
    }

    [Fact]
    public async Task Write_ManyTablesAtOnce_ReportsEachInInputOrder()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container);
        var tables = Enumerable.Range(0, 40).Select(i => Table($"t{i:D2}")).ToList();

        var results = await sink.WriteAsync(tables, CancellationToken.None);

        Assert.Equal(tables.Select(t => t.FullyQualifiedName), results.Select(r => r.FullyQualifiedName));
        Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        Assert.Equal(40, (await NamesAsync(container)).Count);
    }

    [Fact]
    public async Task Write_EmptyBatch_ReturnsNoResults()
    {
        await using var sink = NewSink(AzuriteServer.NewContainerName("sink"));

        Assert.Empty(await sink.WriteAsync([], CancellationToken.None));
    }

    [Fact]
    public async Task Write_OneTableWhoseNameCannotBeABlobName_FailsOnlyThatTable()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container);
        var tooLong = Table(new string('x', 1100));

        var results = await sink.WriteAsync([Table("orders"), tooLong], CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, results[0].Outcome);
        Assert.Equal(SinkOutcome.Failed, results[1].Outcome);
        Assert.Equal(FailureDetail.WriteStage, results[1].Failure!.Stage);
        Assert.Contains("at most 1024 characters", results[1].Failure!.Message, StringComparison.Ordinal);
        Assert.False(results[1].Failure!.IsTransient);
    }

    [Fact]
    public async Task Write_WrongAccountKey_FailsTheWholeBatch()
    {
        var wrong = BlobAccount.FromConnectionString($"AccountName={AzuriteServer.AccountName};AccountKey={Convert.ToBase64String(Encoding.ASCII.GetBytes("wrong-key-wrong-key-wrong-key-00"))};BlobEndpoint={azurite.Server.BlobEndpoint}");
        await using var sink = new BlobSink(new BlobSinkOptions { Account = wrong, Container = AzuriteServer.NewContainerName("sink") }, NullLogger<BlobSink>.Instance);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => sink.WriteAsync([Table("orders")], CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task MarkDeleted_WritesTheTombstoneAtTheTablesName()
    {
        var container = AzuriteServer.NewContainerName("sink");
        await using var sink = NewSink(container, "catalog");
        await sink.WriteAsync([Table("orders")], CancellationToken.None);

        var results = await sink.MarkDeletedAsync([new DeletedTable(Shop, "orders")], CancellationToken.None);

        var result = Assert.Single(results);
        Assert.Equal(SinkOutcome.Deleted, result.Outcome);
        Assert.Equal("local_pg.shop.public.orders", result.FullyQualifiedName);
        Assert.Equal(EntityJson.SerializeTombstone(Shop, "orders"), await ContentAsync(container, "catalog/" + CatalogPath.ForTable(Shop, "orders")));
        Assert.Single(await NamesAsync(container));
    }
}
