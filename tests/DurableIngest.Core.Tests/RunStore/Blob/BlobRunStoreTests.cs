using System.Buffers.Binary;
using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Core.Tests.Storage.Blob;
using DurableIngest.Entities;
using DurableIngest.RunStore.Blob;
using DurableIngest.Sinks;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;

namespace DurableIngest.Core.Tests.RunStore.Blob;

/// <summary>The blob run store on the Azure SDK against a real Azurite: the IRunStore contract, races included.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobRunStoreTests(AzuriteFixture azurite)
{
    private BlobRunStore NewStore(string? container = null, BlobClientSettings? settings = null) =>
        new(BlobAccount.FromConnectionString(azurite.Server.ConnectionString), container ?? AzuriteServer.NewContainerName("runs"), settings);

    [Fact]
    public async Task Put_OnAFreshContainer_CreatesTheContainerAndTheDocument()
    {
        using var store = NewStore();

        var etag = await store.PutAsync("runs/r1/summary.json", "{}"u8.ToArray(), CancellationToken.None);
        var document = await store.GetAsync("runs/r1/summary.json", CancellationToken.None);

        Assert.NotNull(document);
        Assert.Equal("{}"u8.ToArray(), document.Content.ToArray());
        Assert.Equal(etag, document.ETag);
    }

    [Fact]
    public async Task Put_Twice_OverwritesAndChangesTheETag()
    {
        using var store = NewStore();
        var first = await store.PutAsync("runs/r1/status.json", "1"u8.ToArray(), CancellationToken.None);

        var second = await store.PutAsync("runs/r1/status.json", "2"u8.ToArray(), CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal("2"u8.ToArray(), (await store.GetAsync("runs/r1/status.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task Put_EmptyContent_StoresAnEmptyDocument()
    {
        using var store = NewStore();

        await store.PutAsync("runs/r1/empty", ReadOnlyMemory<byte>.Empty, CancellationToken.None);

        Assert.Equal(0, (await store.GetAsync("runs/r1/empty", CancellationToken.None))!.Content.Length);
    }

    [Theory]
    [InlineData("svc/db/my schema/a%2Eb.json")]
    [InlineData("names/plus+hash#question?and&amp=eq.json")]
    [InlineData("unicode/Ünïcödé/表.json")]
    [InlineData("runs/2026-01-01T00:00:00Z/chunk-0001.json")]
    public async Task PutGetListDelete_KeysThatNeedEscaping_RoundTrip(string key)
    {
        using var store = NewStore();

        await store.PutAsync(key, Encoding.UTF8.GetBytes(key), CancellationToken.None);

        Assert.Equal(key, Encoding.UTF8.GetString((await store.GetAsync(key, CancellationToken.None))!.Content.Span));
        Assert.Equal([key], await store.ListAsync(key.Split('/')[0] + "/", CancellationToken.None));
        await store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await store.GetAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task Put_CatalogPathOfATable_IsStoredUnderThatExactName()
    {
        using var store = NewStore();
        var key = CatalogPath.ForTable(new SchemaRef("local.pg", "shop", "public"), "CON");

        await store.PutAsync(key, "{}"u8.ToArray(), CancellationToken.None);

        Assert.Equal([key], await store.ListAsync(string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task Get_BeforeAnyWrite_ReturnsNull()
    {
        using var store = NewStore();

        Assert.Null(await store.GetAsync("runs/r1/summary.json", CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsOnlyKeysUnderThePrefixInOrdinalOrder()
    {
        using var store = NewStore();
        foreach (var key in new[] { "runs/r1/chunks/b.json", "runs/r1/chunks/a.json", "runs/r1/chunks/B.json", "runs/r10/x.json", "runs/r2/chunks/a.json" })
        {
            await store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None);
        }

        Assert.Equal(["runs/r1/chunks/B.json", "runs/r1/chunks/a.json", "runs/r1/chunks/b.json"], await store.ListAsync("runs/r1/chunks/", CancellationToken.None));
        Assert.Empty(await store.ListAsync("runs/r3/", CancellationToken.None));
    }

    [Fact]
    public async Task List_SmallPages_FollowsTheSdksContinuationAndReturnsEveryMatchingKeyInOrdinalOrder()
    {
        var transport = FaultInjectingHandler.PassThrough();
        using var store = NewStore(settings: new BlobClientSettings { ListPageSize = 3, Transport = transport.AsTransport() });
        var expected = Enumerable.Range(0, 11).Select(i => $"runs/r1/chunks/{i:D4}.json").ToList();
        foreach (var key in expected.AsEnumerable().Reverse().Append("runs/r2/other.json").Append("runs/r1.json"))
        {
            await store.PutAsync(key, "x"u8.ToArray(), CancellationToken.None);
        }

        var before = transport.Requests;
        var listed = await store.ListAsync("runs/r1/", CancellationToken.None);

        Assert.Equal(expected, listed);
        Assert.Equal(4, transport.Requests - before); // 3 + 3 + 3 + 2
    }

    [Fact]
    public async Task List_BeforeAnyWrite_IsEmpty()
    {
        using var store = NewStore();

        Assert.Empty(await store.ListAsync("runs/", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ExistingAndMissingKeys_RemovesWithoutError()
    {
        using var store = NewStore();
        await store.PutAsync("runs/r1/lease.json", "x"u8.ToArray(), CancellationToken.None);

        await store.DeleteAsync("runs/r1/lease.json", CancellationToken.None);
        await store.DeleteAsync("runs/r1/lease.json", CancellationToken.None);
        await store.DeleteAsync("runs/never/written.json", CancellationToken.None);

        Assert.Null(await store.GetAsync("runs/r1/lease.json", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_BeforeAnyWrite_IsNoError()
    {
        using var store = NewStore();

        await store.DeleteAsync("runs/r1/lease.json", CancellationToken.None);
    }

    [Fact]
    public async Task TryCreate_WhenAbsent_ReturnsTheETagAndWhenPresent_ReturnsNullLeavingTheFirst()
    {
        using var store = NewStore();

        var first = await store.TryCreateAsync("runs/r1/journal/0001.json", "first"u8.ToArray(), CancellationToken.None);
        var second = await store.TryCreateAsync("runs/r1/journal/0001.json", "second"u8.ToArray(), CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        var stored = await store.GetAsync("runs/r1/journal/0001.json", CancellationToken.None);
        Assert.Equal("first"u8.ToArray(), stored!.Content.ToArray());
        Assert.Equal(first, stored.ETag);
    }

    [Fact]
    public async Task TryReplace_CurrentETag_ReplacesAndStaleETag_ReturnsNull()
    {
        using var store = NewStore();
        var original = await store.PutAsync("runs/r1/status.json", "1"u8.ToArray(), CancellationToken.None);

        var replaced = await store.TryReplaceAsync("runs/r1/status.json", "2"u8.ToArray(), original, CancellationToken.None);
        var stale = await store.TryReplaceAsync("runs/r1/status.json", "3"u8.ToArray(), original, CancellationToken.None);

        Assert.NotNull(replaced);
        Assert.Null(stale);
        Assert.Equal("2"u8.ToArray(), (await store.GetAsync("runs/r1/status.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task TryReplace_StaleETag_IsOneRequestNeverRetried()
    {
        var transport = FaultInjectingHandler.PassThrough();
        using var store = NewStore(settings: new BlobClientSettings { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(5), Transport = transport.AsTransport() });
        var first = await store.PutAsync("runs/r1/status.json", "1"u8.ToArray(), CancellationToken.None);
        await store.PutAsync("runs/r1/status.json", "2"u8.ToArray(), CancellationToken.None);

        var before = transport.Requests;
        var stale = await store.TryReplaceAsync("runs/r1/status.json", "3"u8.ToArray(), first, CancellationToken.None);

        Assert.Null(stale);
        Assert.Equal(1, transport.Requests - before);
    }

    [Fact]
    public async Task TryReplace_DeletedDocument_ReturnsNull()
    {
        using var store = NewStore();
        var etag = await store.PutAsync("runs/r1/status.json", "1"u8.ToArray(), CancellationToken.None);
        await store.DeleteAsync("runs/r1/status.json", CancellationToken.None);

        Assert.Null(await store.TryReplaceAsync("runs/r1/status.json", "2"u8.ToArray(), etag, CancellationToken.None));
        Assert.Null(await store.GetAsync("runs/r1/status.json", CancellationToken.None));
    }

    [Fact]
    public async Task TryCreate_SixteenConcurrentCallersOnOneKey_ExactlyOneWins()
    {
        using var store = NewStore();
        using var start = new ManualResetEventSlim();

        var attempts = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return (Worker: i, ETag: await store.TryCreateAsync("runs/r1/lease.json", Encoding.UTF8.GetBytes($"worker {i}"), CancellationToken.None));
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.ETag is not null);
        var stored = await store.GetAsync("runs/r1/lease.json", CancellationToken.None);
        Assert.Equal($"worker {winner.Worker}", Encoding.UTF8.GetString(stored!.Content.Span));
        Assert.Equal(winner.ETag, stored.ETag);
    }

    [Fact]
    public async Task TryReplace_EightConcurrentIncrementLoops_LoseNoIncrement()
    {
        using var store = NewStore();
        await store.PutAsync("runs/r1/counter.bin", Encode(0), CancellationToken.None);
        using var start = new ManualResetEventSlim();

        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var done = 0; done < 25;)
            {
                var current = await store.GetAsync("runs/r1/counter.bin", CancellationToken.None);
                var next = Encode(BinaryPrimitives.ReadInt32BigEndian(current!.Content.Span) + 1);
                if (await store.TryReplaceAsync("runs/r1/counter.bin", next, current.ETag, CancellationToken.None) is not null)
                {
                    done++;
                }
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(workers);

        var final = await store.GetAsync("runs/r1/counter.bin", CancellationToken.None);
        Assert.Equal(200, BinaryPrimitives.ReadInt32BigEndian(final!.Content.Span));
    }

    [Fact]
    public async Task AnyKey_InvalidBlobName_IsRejectedBeforeSending()
    {
        using var store = NewStore();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync("runs/../escape.json", "x"u8.ToArray(), CancellationToken.None));

        Assert.Contains("'..'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_InvalidContainerName_IsRejectedBeforeSending()
    {
        var error = Assert.Throws<ArgumentException>(() => NewStore("Bad_Name"));

        Assert.Contains("'Bad_Name'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FromRunStoreOptions_UsesTheAccountAndContainer()
    {
        var container = AzuriteServer.NewContainerName("opts");
        var options = new RunStoreOptions { Type = RunStoreOptions.BlobType, Account = BlobAccount.FromConnectionString(azurite.Server.ConnectionString), Container = container };
        using var store = BlobRunStore.Create(options);

        await store.PutAsync("runs/r1/a.json", "x"u8.ToArray(), CancellationToken.None);

        Assert.Equal(container, store.Container);
        Assert.Equal(["runs/r1/a.json"], await store.ListAsync("runs/", CancellationToken.None));
    }

    [Theory]
    [InlineData("AzureWebJobsStorage", "__accountName", "ingeststore")]
    [InlineData("DURABLE_INGEST_RUN_STORE_CONNECTION", "__blobServiceUri", "https://ingeststore.blob.core.windows.net")]
    [InlineData("DURABLE_INGEST_RUN_STORE_CONNECTION", "__serviceUri", "https://ingeststore.blob.core.windows.net/")]
    public void Create_IdentityBasedConnectionSettings_BuildsAKeylessClientWithTheUserAssignedIdentity(string connection, string endpointSuffix, string endpoint)
    {
        const string clientId = "1b2c3d4e-0000-4000-8000-000000000021";
        var settings = new Dictionary<string, string>
        {
            [connection + endpointSuffix] = endpoint,
            [connection + BlobConnectionSetting.CredentialSuffix] = "managedidentity",
            [connection + BlobConnectionSetting.ClientIdSuffix] = clientId,
        };
        var problems = new List<ConfigProblem>();
        var account = BlobConnectionSetting.Read(connection, name => settings.GetValueOrDefault(name), problems);

        using var store = BlobRunStore.Create(new RunStoreOptions { Type = RunStoreOptions.BlobType, Account = account, Container = "runs" });

        Assert.Empty(problems);
        Assert.Equal(new Uri("https://ingeststore.blob.core.windows.net/runs"), store.ContainerClient.Uri);
        Assert.Equal("ingeststore", store.ContainerClient.AccountName);
        Assert.False(store.ContainerClient.CanGenerateSasUri); // no shared key anywhere in the client
        Assert.Same(SharedCredentials.ManagedIdentity(clientId), store.Account.Credential);
        Assert.Equal(BlobAuthentication.ManagedIdentity, store.Account.Authentication);
    }

    [Fact]
    public void Create_NoAccountAndABadContainer_ReportsBothByYamlPath()
    {
        var error = Assert.Throws<ConfigException>(() => BlobRunStore.Create(new RunStoreOptions { Type = RunStoreOptions.BlobType, Container = "x" }));

        Assert.Equal(
            ["workflowConfig.distributedExecution.runStore.connectionString", "workflowConfig.distributedExecution.runStore.container"],
            error.Problems.Select(p => p.Path));
        Assert.Contains("accountUrl", error.Problems[0].Message, StringComparison.Ordinal);
    }

    private static byte[] Encode(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, value);
        return bytes;
    }
}
