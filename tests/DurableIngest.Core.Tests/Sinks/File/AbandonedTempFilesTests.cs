using System.Diagnostics;
using DurableIngest.Catalog;
using DurableIngest.Sinks;
using DurableIngest.Sinks.File;
using Xunit;

namespace DurableIngest.Core.Tests.Sinks.File;

/// <summary>A writer killed between writing a temporary file and renaming it must not leave that file in the catalog.</summary>
public sealed class AbandonedTempFilesTests : IDisposable
{
    private static readonly SchemaRef Shop = new("svc", "shop", "public");
    private readonly string _root = Directory.CreateTempSubdirectory("di-filesink-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TableMetadata Table(string name) => new()
    {
        Schema = Shop,
        Name = name,
        TableType = TableType.Regular,
        Columns = [new Column { Name = "id", DataType = DataType.BIGINT, DataTypeDisplay = "bigint", OrdinalPosition = 1 }],
    };

    private string DocumentPath(string table) => Path.Combine(_root, CatalogPath.ForTable(Shop, table).Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The id of a process that has exited (so no process runs under it now).</summary>
    private static async Task<int> ExitedProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync();
        return process.Id;
    }

    private string LeaveTempFile(string table, int processId)
    {
        var temp = AbandonedTempFiles.NameFor(DocumentPath(table), processId);
        Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
        System.IO.File.WriteAllText(temp, "{\"half\": ");
        return temp;
    }

    [Fact]
    public async Task Write_FolderHoldsATempFileOfAProcessThatDied_RemovesIt()
    {
        var orphan = LeaveTempFile("orders", await ExitedProcessIdAsync());
        await using var sink = new FileSink(new FileSinkOptions { Path = _root });

        var results = await sink.WriteAsync([Table("customers")], CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
        Assert.False(System.IO.File.Exists(orphan));
        Assert.Equal([DocumentPath("customers")], Directory.GetFiles(Path.GetDirectoryName(orphan)!));
    }

    [Fact]
    public async Task Write_FolderHoldsTempFilesOfThisProcessAndOfALiveOne_LeavesThem()
    {
        using var live = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            var mine = LeaveTempFile("orders", Environment.ProcessId);
            var theirs = LeaveTempFile("items", live.Id);
            await using var sink = new FileSink(new FileSinkOptions { Path = _root });

            await sink.WriteAsync([Table("customers")], CancellationToken.None);

            Assert.True(System.IO.File.Exists(mine));
            Assert.True(System.IO.File.Exists(theirs));
        }
        finally
        {
            live.Kill();
        }
    }

    [Theory]
    [InlineData("orders.json.tmp")]
    [InlineData("orders.json.0a1b2c3d-12.0123456789abcdef0123456789abcdef.tmp")]
    [InlineData("orders.json.0123456789abcdef0123456789abcdef.tmp")]
    [InlineData("orders.json")]
    public void IsAbandoned_NameNotWrittenByThisHostsSink_IsFalse(string fileName) =>
        Assert.False(AbandonedTempFiles.IsAbandoned(fileName));
}
