using System.Net;
using System.Text;
using DurableIngest.Catalog;
using DurableIngest.Sinks;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Xunit;

namespace DurableIngest.Core.Tests.Storage.Blob;

[Collection(AzuriteFixture.Collection)]
public sealed class BlobServiceClientTests(AzuriteFixture azurite)
{
    private static readonly BlobClientOptions FastRetries = new() { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    private BlobServiceClient Client(BlobClientOptions? options = null, HttpMessageHandler? transport = null, TimeProvider? time = null) =>
        new(BlobConnectionString.Parse(azurite.Server.ConnectionString), options, time, transport);

    private async Task<(BlobServiceClient Client, string Container)> NewContainerAsync(BlobClientOptions? options = null, HttpMessageHandler? transport = null)
    {
        var client = Client(options, transport);
        var container = AzuriteServer.NewContainerName();
        Assert.True(await client.CreateContainerIfNotExistsAsync(container, CancellationToken.None));
        return (client, container);
    }

    [Fact]
    public async Task CreateContainerIfNotExists_CalledTwice_CreatesOnceThenReportsItExisted()
    {
        var client = Client();
        var container = AzuriteServer.NewContainerName();

        Assert.True(await client.CreateContainerIfNotExistsAsync(container, CancellationToken.None));
        Assert.False(await client.CreateContainerIfNotExistsAsync(container, CancellationToken.None));
    }

    [Fact]
    public async Task PutThenGet_ReturnsTheSameBytesAndTheETagOfTheWrite()
    {
        var (client, container) = await NewContainerAsync();
        var content = Encoding.UTF8.GetBytes("{\"status\":\"running\"}");

        var put = await client.PutBlockBlobAsync(container, "runs/r1/status.json", content, BlobCondition.None, CancellationToken.None);
        var got = await client.GetBlobAsync(container, "runs/r1/status.json", CancellationToken.None);

        Assert.True(put.Written);
        Assert.NotNull(got);
        Assert.Equal(content, got.Content.ToArray());
        Assert.Equal(put.ETag, got.ETag);
    }

    [Fact]
    public async Task Put_EmptyContent_StoresAnEmptyBlob()
    {
        var (client, container) = await NewContainerAsync();

        await client.PutBlockBlobAsync(container, "empty", ReadOnlyMemory<byte>.Empty, BlobCondition.None, CancellationToken.None);

        Assert.Equal(0, (await client.GetBlobAsync(container, "empty", CancellationToken.None))!.Content.Length);
    }

    [Theory]
    [InlineData("svc/db/my schema/a%2Eb.json")]
    [InlineData("names/plus+hash#question?and&amp=eq.json")]
    [InlineData("unicode/Ünïcödé/表.json")]
    [InlineData("runs/2026-01-01T00:00:00Z/chunk-0001.json")]
    public async Task PutGetListDelete_NamesThatNeedEscaping_RoundTrip(string name)
    {
        var (client, container) = await NewContainerAsync();

        await client.PutBlockBlobAsync(container, name, Encoding.UTF8.GetBytes(name), BlobCondition.None, CancellationToken.None);

        Assert.Equal(name, Encoding.UTF8.GetString((await client.GetBlobAsync(container, name, CancellationToken.None))!.Content.Span));
        Assert.Equal([name], await client.ListBlobsAsync(container, name.Split('/')[0] + "/", CancellationToken.None));
        Assert.True(await client.DeleteBlobAsync(container, name, CancellationToken.None));
    }

    [Fact]
    public async Task Put_CatalogPathOfATable_IsStoredUnderThatExactName()
    {
        var (client, container) = await NewContainerAsync();
        var name = CatalogPath.ForTable(new SchemaRef("local.pg", "shop", "public"), "CON");

        await client.PutBlockBlobAsync(container, name, "{}"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        Assert.Equal([name], await client.ListBlobsAsync(container, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task Get_MissingBlob_ReturnsNull()
    {
        var (client, container) = await NewContainerAsync();

        Assert.Null(await client.GetBlobAsync(container, "nothing/here.json", CancellationToken.None));
    }

    [Fact]
    public async Task Get_MissingContainer_ReturnsNull()
    {
        Assert.Null(await Client().GetBlobAsync(AzuriteServer.NewContainerName(), "a.json", CancellationToken.None));
    }

    [Fact]
    public async Task List_SmallPages_FollowsMarkersAndReturnsEveryMatchingNameInOrdinalOrder()
    {
        var transport = FaultInjectingHandler.PassThrough();
        var (client, container) = await NewContainerAsync(new BlobClientOptions { ListPageSize = 3 }, transport);
        var expected = Enumerable.Range(0, 11).Select(i => $"runs/r1/chunks/{i:D4}.json").ToList();
        foreach (var name in expected.AsEnumerable().Reverse().Append("runs/r2/other.json").Append("runs/r1.json"))
        {
            await client.PutBlockBlobAsync(container, name, "x"u8.ToArray(), BlobCondition.None, CancellationToken.None);
        }

        var before = transport.Requests;
        var listed = await client.ListBlobsAsync(container, "runs/r1/", CancellationToken.None);

        Assert.Equal(expected, listed);
        Assert.Equal(4, transport.Requests - before); // 3 + 3 + 3 + 2
    }

    [Fact]
    public async Task List_EmptyPrefix_ListsTheWholeContainer()
    {
        var (client, container) = await NewContainerAsync();
        await client.PutBlockBlobAsync(container, "b", "x"u8.ToArray(), BlobCondition.None, CancellationToken.None);
        await client.PutBlockBlobAsync(container, "a/c", "x"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        Assert.Equal(["a/c", "b"], await client.ListBlobsAsync(container, string.Empty, CancellationToken.None));
    }

    [Fact]
    public async Task List_MissingContainer_IsEmpty()
    {
        Assert.Empty(await Client().ListBlobsAsync(AzuriteServer.NewContainerName(), "runs/", CancellationToken.None));
    }

    [Fact]
    public async Task Delete_ExistingThenMissing_ReportsTrueThenFalse()
    {
        var (client, container) = await NewContainerAsync();
        await client.PutBlockBlobAsync(container, "gone.json", "x"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        Assert.True(await client.DeleteBlobAsync(container, "gone.json", CancellationToken.None));
        Assert.False(await client.DeleteBlobAsync(container, "gone.json", CancellationToken.None));
        Assert.Null(await client.GetBlobAsync(container, "gone.json", CancellationToken.None));
    }

    [Fact]
    public async Task Put_IfNotExists_OnAnExistingBlob_IsRefusedAndKeepsTheContent()
    {
        var (client, container) = await NewContainerAsync();
        await client.PutBlockBlobAsync(container, "lease.json", "first"u8.ToArray(), BlobCondition.IfNotExists, CancellationToken.None);

        var second = await client.PutBlockBlobAsync(container, "lease.json", "second"u8.ToArray(), BlobCondition.IfNotExists, CancellationToken.None);

        Assert.False(second.Written);
        Assert.Equal("BlobAlreadyExists", second.ConditionFailure);
        Assert.Equal("first"u8.ToArray(), (await client.GetBlobAsync(container, "lease.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task Put_IfETagMatches_CurrentETag_WritesAndChangesTheETag()
    {
        var (client, container) = await NewContainerAsync();
        var first = await client.PutBlockBlobAsync(container, "doc.json", "1"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        var second = await client.PutBlockBlobAsync(container, "doc.json", "2"u8.ToArray(), BlobCondition.IfETagMatches(first.ETag!), CancellationToken.None);

        Assert.True(second.Written);
        Assert.NotEqual(first.ETag, second.ETag);
    }

    [Fact]
    public async Task Put_IfETagMatches_StaleETag_IsRefusedWithConditionNotMetAndNotRetried()
    {
        var transport = FaultInjectingHandler.PassThrough();
        var (client, container) = await NewContainerAsync(FastRetries, transport);
        var first = await client.PutBlockBlobAsync(container, "doc.json", "1"u8.ToArray(), BlobCondition.None, CancellationToken.None);
        await client.PutBlockBlobAsync(container, "doc.json", "2"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        var before = transport.Requests;
        var stale = await client.PutBlockBlobAsync(container, "doc.json", "3"u8.ToArray(), BlobCondition.IfETagMatches(first.ETag!), CancellationToken.None);

        Assert.False(stale.Written);
        Assert.Equal("ConditionNotMet", stale.ConditionFailure);
        Assert.Equal(1, transport.Requests - before);
        Assert.Equal("2"u8.ToArray(), (await client.GetBlobAsync(container, "doc.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task Put_IfETagMatches_DeletedBlob_IsRefused()
    {
        var (client, container) = await NewContainerAsync();
        var first = await client.PutBlockBlobAsync(container, "doc.json", "1"u8.ToArray(), BlobCondition.None, CancellationToken.None);
        await client.DeleteBlobAsync(container, "doc.json", CancellationToken.None);

        var result = await client.PutBlockBlobAsync(container, "doc.json", "2"u8.ToArray(), BlobCondition.IfETagMatches(first.ETag!), CancellationToken.None);

        Assert.False(result.Written);
        Assert.Null(await client.GetBlobAsync(container, "doc.json", CancellationToken.None));
    }

    [Fact]
    public async Task Put_MissingContainer_FailsWithContainerNotFoundAndWhatToDo()
    {
        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            Client().PutBlockBlobAsync(AzuriteServer.NewContainerName(), "a.json", "x"u8.ToArray(), BlobCondition.None, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("ContainerNotFound", error.ErrorCode);
        Assert.Contains("Create the container", error.Message, StringComparison.Ordinal);
        Assert.False(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task AnyRequest_WrongAccountKey_FailsWith403NamingTheKeySettingButNotTheKey()
    {
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("this-is-not-the-azurite-account-key-at-all"));
        var connection = BlobConnectionString.Parse($"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={wrongKey};BlobEndpoint={azurite.Server.BlobEndpoint}");
        var transport = FaultInjectingHandler.PassThrough();
        var client = new BlobServiceClient(connection, FastRetries, transport: transport);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => client.CreateContainerIfNotExistsAsync(AzuriteServer.NewContainerName(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccountKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.False(ErrorClassifier.IsTransient(error));
        Assert.Equal(1, transport.Requests);
    }

    [Fact]
    public async Task AnyRequest_Injected503s_AreRetriedUntilTheServiceAnswers()
    {
        var (_, container) = await NewContainerAsync();
        var transport = FaultInjectingHandler.FailFirst(2, HttpStatusCode.ServiceUnavailable);
        var client = Client(FastRetries, transport);

        var put = await client.PutBlockBlobAsync(container, "retried.json", "ok"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        Assert.True(put.Written);
        Assert.Equal(3, transport.Requests);
        Assert.Equal("ok"u8.ToArray(), (await client.GetBlobAsync(container, "retried.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task AnyRequest_503PastTheRetryBudget_FailsAsTransientWithTheStorageCodeAndAttempts()
    {
        var (_, container) = await NewContainerAsync();
        var transport = FaultInjectingHandler.FailFirst(int.MaxValue, HttpStatusCode.ServiceUnavailable);
        var client = Client(FastRetries, transport);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() =>
            client.PutBlockBlobAsync(container, "never.json", "x"u8.ToArray(), BlobCondition.None, CancellationToken.None));

        Assert.Equal(4, transport.Requests);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Contains("after 4 attempts", error.Message, StringComparison.Ordinal);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task AnyRequest_InjectedNetworkError_IsRetried()
    {
        var (_, container) = await NewContainerAsync();
        var transport = new FaultInjectingHandler(n => n == 1 ? throw new HttpRequestException("Connection reset by peer (injected)") : null);
        var client = Client(FastRetries, transport);

        var put = await client.PutBlockBlobAsync(container, "after-reset.json", "ok"u8.ToArray(), BlobCondition.None, CancellationToken.None);

        Assert.True(put.Written);
        Assert.Equal(2, transport.Requests);
    }

    [Fact]
    public async Task AnyRequest_RetryAfter_IsHonouredBeforeTheNextAttempt()
    {
        var (_, container) = await NewContainerAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var transport = FaultInjectingHandler.FailFirst(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(7), clock);
        var client = Client(FastRetries with { MaxRetryDelay = TimeSpan.FromSeconds(30) }, transport, clock);

        var put = client.PutBlockBlobAsync(container, "throttled.json", "ok"u8.ToArray(), BlobCondition.None, CancellationToken.None);
        while (!put.IsCompleted)
        {
            // Moves the fake clock in small steps until the backoff timer has fired and the retry has completed.
            clock.Advance(TimeSpan.FromMilliseconds(500));
            await Task.Delay(5);
        }

        Assert.True((await put).Written);
        var times = transport.AttemptTimes;
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(7), $"retried after {times[1] - times[0]}");
    }

    [Fact]
    public async Task AnyRequest_UnreachableEndpoint_FailsAsTransientNamingTheEndpoint()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var connection = BlobConnectionString.Parse($"AccountName=devstoreaccount1;AccountKey={BlobConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1");
        var client = new BlobServiceClient(connection, FastRetries with { MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => client.GetBlobAsync("c-1", "a.json", CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task AnyRequest_InvalidContainerName_FailsBeforeSending()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Client().GetBlobAsync("Bad_Name", "a.json", CancellationToken.None));

        Assert.Contains("'Bad_Name'", error.Message, StringComparison.Ordinal);
    }
}
