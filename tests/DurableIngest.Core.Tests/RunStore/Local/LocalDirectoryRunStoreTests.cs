using System.Text;
using DurableIngest.Core.Tests.Support;
using DurableIngest.RunStore.Local;
using Xunit;

namespace DurableIngest.Core.Tests.RunStore.Local;

public sealed class LocalDirectoryRunStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TryCreate_KeyThatExists_ReturnsNullAndKeepsTheFirstContent()
    {
        var store = new LocalDirectoryRunStore(_folder.Path);

        var first = await store.TryCreateAsync("runs/r1/run.json", "first"u8.ToArray(), CancellationToken.None);
        var second = await store.TryCreateAsync("runs/r1/run.json", "second"u8.ToArray(), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal("first", Encoding.UTF8.GetString((await store.GetAsync("runs/r1/run.json", CancellationToken.None))!.Content.Span));
    }

    [Fact]
    public async Task TryCreate_TwoHostsRacingForEachKey_ExactlyOneWinsAndItsContentStays()
    {
        // Two stores over one folder stand for two hosts; dedicated threads released together race for each key.
        var stores = new[] { new LocalDirectoryRunStore(_folder.Path), new LocalDirectoryRunStore(_folder.Path) };
        for (var round = 0; round < 200; round++)
        {
            var key = $"runs/race-{round}/run.json";
            var etags = new string?[stores.Length];
            using var barrier = new Barrier(stores.Length);
            var threads = stores.Select((store, writer) => new Thread(() =>
            {
                barrier.SignalAndWait();
                etags[writer] = store.TryCreateAsync(key, Encoding.UTF8.GetBytes($"writer {writer}"), CancellationToken.None).GetAwaiter().GetResult();
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());

            var winner = Assert.Single(Enumerable.Range(0, stores.Length), writer => etags[writer] is not null);
            var stored = await stores[0].GetAsync(key, CancellationToken.None);
            Assert.Equal($"writer {winner}", Encoding.UTF8.GetString(stored!.Content.Span));
            Assert.Equal(etags[winner], stored.ETag);
        }
    }

    [Fact]
    public async Task TryReplace_StaleETag_ReturnsNullAndKeepsTheNewerContent()
    {
        var store = new LocalDirectoryRunStore(_folder.Path);
        var original = await store.PutAsync("runs/r1/lease.json", "a"u8.ToArray(), CancellationToken.None);
        var replaced = await store.TryReplaceAsync("runs/r1/lease.json", "b"u8.ToArray(), original, CancellationToken.None);

        var stale = await store.TryReplaceAsync("runs/r1/lease.json", "c"u8.ToArray(), original, CancellationToken.None);

        Assert.NotNull(replaced);
        Assert.Null(stale);
        Assert.Equal("b", Encoding.UTF8.GetString((await store.GetAsync("runs/r1/lease.json", CancellationToken.None))!.Content.Span));
    }

    [Fact]
    public async Task List_LeavesOutTemporaryAndLockFiles()
    {
        var store = new LocalDirectoryRunStore(_folder.Path);
        var etag = await store.PutAsync("runs/r1/status.json", "{}"u8.ToArray(), CancellationToken.None);
        await store.TryReplaceAsync("runs/r1/status.json", "{ }"u8.ToArray(), etag, CancellationToken.None);
        await store.TryCreateAsync("runs/r1/run.json", "{}"u8.ToArray(), CancellationToken.None);

        Assert.Equal(["runs/r1/run.json", "runs/r1/status.json"], await store.ListAsync("runs/", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAppendOnly_RecordsFromManyThreads_EachLandsWholeAndIsReadableAtOnce()
    {
        var store = new LocalDirectoryRunStore(_folder.Path);
        await using var log = await store.CreateAppendOnlyAsync("runs/r1/journal/000001-a.log", CancellationToken.None);

        await Parallel.ForAsync(0, 200, async (i, ct) => await log.AppendAsync(Encoding.UTF8.GetBytes($"record {i:D3}\n"), ct));
        var stored = await store.GetAsync("runs/r1/journal/000001-a.log", CancellationToken.None);

        var lines = Encoding.UTF8.GetString(stored!.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"record {i:D3}"), lines.Order(StringComparer.Ordinal));
        Assert.Equal(["runs/r1/journal/000001-a.log"], await store.ListAsync("runs/r1/journal/", CancellationToken.None));
    }

    [Fact]
    public async Task CreateAppendOnly_KeyThatExists_ThrowsAndLeavesTheDocumentAlone()
    {
        var store = new LocalDirectoryRunStore(_folder.Path);
        await store.PutAsync("runs/r1/journal/000001-a.log", "kept\n"u8.ToArray(), CancellationToken.None);

        await Assert.ThrowsAsync<IOException>(() => store.CreateAppendOnlyAsync("runs/r1/journal/000001-a.log", CancellationToken.None));

        Assert.Equal("kept\n", Encoding.UTF8.GetString((await store.GetAsync("runs/r1/journal/000001-a.log", CancellationToken.None))!.Content.Span));
    }
}
