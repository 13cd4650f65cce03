using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sinks.File;

namespace DurableIngest.Core.Tests.Sinks.File;

public sealed class FileSinkTests : IDisposable
{
    private static readonly SchemaRef Shop = new("svc", "shop", "public");
    private readonly string _root = Directory.CreateTempSubdirectory("di-file-sink-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TableMetadata Table(string name, string description = "orders") => new()
    {
        Schema = Shop,
        Name = name,
        TableType = TableType.Regular,
        Description = description,
        Columns = [new Column { Name = "id", DataType = DataType.BIGINT, DataTypeDisplay = "bigint", OrdinalPosition = 1 }],
    };

    private FileSink Sink(string runId = "run-1") => new(new FileSinkOptions { Path = _root }, runId);

    private string[] Files() =>
        [.. Directory.GetFiles(_root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_root, f)).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task WriteAsync_NewThenSameThenChanged_CreatedUnchangedUpdated()
    {
        await using var sink = Sink();

        var first = await sink.WriteAsync([Table("orders")], CancellationToken.None);
        var second = await sink.WriteAsync([Table("orders")], CancellationToken.None);
        var third = await sink.WriteAsync([Table("orders", "changed")], CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, first[0].Outcome);
        Assert.Equal(SinkOutcome.Unchanged, second[0].Outcome);
        Assert.Equal(SinkOutcome.Updated, third[0].Outcome);
    }

    [Fact]
    public async Task WriteAsync_FolderAnotherSinkMade_ComparesWithTheDocumentOnDisk()
    {
        // The first sink made the folder and knows its documents are new; the next run's sink did not make it and looks.
        await using (var first = Sink("run-1"))
        {
            Assert.Equal(SinkOutcome.Created, (await first.WriteAsync([Table("orders")], CancellationToken.None))[0].Outcome);
        }

        await using var next = Sink("run-2");
        var results = await next.WriteAsync([Table("orders"), Table("customers"), Table("orders", "changed")], CancellationToken.None);

        Assert.Equal([SinkOutcome.Unchanged, SinkOutcome.Created, SinkOutcome.Updated], results.Select(r => r.Outcome));
        Assert.Equal(
            EntityJson.SerializeTableDocument(Table("orders", "changed")),
            await System.IO.File.ReadAllBytesAsync(Path.Combine(_root, "svc", "shop", "public", "orders.json")));
    }

    [Fact]
    public async Task WriteAsync_AnotherProcessOfTheSameRunReleasedItsSinkFirst_StillWritesEveryTable()
    {
        // Two workers of a task hub write one run into one folder; the first to stop removes the run's staging folder.
        await using var staying = Sink();
        await using (var stopping = Sink())
        {
            await staying.WriteAsync([Table("orders")], CancellationToken.None);
            await stopping.WriteAsync([Table("customers")], CancellationToken.None);
        }

        var results = await staying.WriteAsync([Table("order lines"), Table("orders", "changed")], CancellationToken.None);

        Assert.Equal([SinkOutcome.Created, SinkOutcome.Updated], results.Select(r => r.Outcome));
        Assert.Contains(Path.Combine("svc", "shop", "public", "order lines.json"), Files());
    }

    [Fact]
    public async Task DisposeAsync_AfterWrites_LeavesOnlyTheDocuments()
    {
        await using (var sink = Sink())
        {
            await sink.WriteAsync([Table("orders"), Table("order lines")], CancellationToken.None);
        }

        Assert.Equal([Path.Combine("svc", "shop", "public", "order lines.json"), Path.Combine("svc", "shop", "public", "orders.json")], Files());
    }

    [Fact]
    public async Task DisposeAsync_TemporaryFileLeftByAKilledProcessOfTheSameRun_IsRemoved()
    {
        // A process killed between creating its temporary file and renaming it leaves this behind.
        var orphan = Path.Combine(_root, FileSink.StagingFolderName, "run-7", "0123456789abcdef.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(orphan)!);
        await System.IO.File.WriteAllTextAsync(orphan, "{\"name\": \"half");

        await using (var resumed = Sink("run-7"))
        {
            await resumed.WriteAsync([Table("orders")], CancellationToken.None);
        }

        Assert.Equal([Path.Combine("svc", "shop", "public", "orders.json")], Files());
    }

    [Fact]
    public async Task DisposeAsync_AnotherRunStillStaging_LeavesItsFolderAlone()
    {
        var other = Path.Combine(_root, FileSink.StagingFolderName, "run-other", "busy.tmp");
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        await System.IO.File.WriteAllTextAsync(other, "in progress");

        await using (var sink = Sink("run-1"))
        {
            await sink.WriteAsync([Table("orders")], CancellationToken.None);
        }

        Assert.True(System.IO.File.Exists(other));
    }
}
