using System.Net;
using System.Text;
using DurableIngest.Failures;
using DurableIngest.RunStore.Blob;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Core.Tests.Storage.Blob;

/// <summary>
/// Retries are the Azure SDK's own (configured by <see cref="BlobClientSettings"/>, nothing stacked on top), and its
/// failures come out as <see cref="BlobStorageException"/>s that say what failed, where and what to do, never a key:
/// real Azurite, with faults injected in front of it as the SDK's transport.
/// </summary>
[Collection(AzuriteFixture.Collection)]
public sealed class BlobErrorsTests(AzuriteFixture azurite)
{
    private static readonly BlobClientSettings FastRetries = new() { MaxRetries = 3, RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(50) };

    private BlobRunStore Store(FaultInjectingHandler transport, BlobClientSettings? settings = null, string? connectionString = null) =>
        new(
            BlobAccount.FromConnectionString(connectionString ?? azurite.Server.ConnectionString),
            AzuriteServer.NewContainerName("errors"),
            (settings ?? FastRetries) with { Transport = transport.AsTransport() });

    [Theory]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task AnyRequest_InjectedTransientStatus_IsRetriedOnceByTheSdk(HttpStatusCode status)
    {
        var transport = FaultInjectingHandler.FailFirst(1, status);
        using var store = Store(transport);

        var document = await store.GetAsync("runs/r1/status.json", CancellationToken.None);

        Assert.Null(document);
        Assert.Equal(2, transport.Requests);
    }

    [Fact]
    public async Task AnyRequest_Injected503s_AreRetriedUntilTheServiceAnswers()
    {
        var transport = FaultInjectingHandler.FailFirst(3, HttpStatusCode.ServiceUnavailable);
        using var store = Store(transport);

        // The container creation takes the three faults; its fourth attempt and the write then go through.
        var etag = await store.PutAsync("runs/r1/retried.json", "ok"u8.ToArray(), CancellationToken.None);

        Assert.NotNull(etag);
        Assert.Equal(5, transport.Requests);
        Assert.Equal("ok"u8.ToArray(), (await store.GetAsync("runs/r1/retried.json", CancellationToken.None))!.Content.ToArray());
    }

    [Fact]
    public async Task AnyRequest_503PastTheRetryBudget_FailsAsTransientWithTheStorageCodeAndAttempts()
    {
        var transport = FaultInjectingHandler.FailFirst(int.MaxValue, HttpStatusCode.ServiceUnavailable);
        using var store = Store(transport);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.GetAsync("runs/r1/never.json", CancellationToken.None));

        Assert.Equal(4, transport.Requests);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Contains("read of '", error.Message, StringComparison.Ordinal);
        Assert.Contains("/runs/r1/never.json' at http://127.0.0.1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 4 attempts with HTTP 503 ServerBusy: Injected fault.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestId", error.Message, StringComparison.Ordinal);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task AnyRequest_InjectedNetworkError_IsRetried()
    {
        var transport = new FaultInjectingHandler(n => n == 1 ? throw new HttpRequestException("Connection reset by peer (injected)") : null);
        using var store = Store(transport);

        var etag = await store.PutAsync("runs/r1/after-reset.json", "ok"u8.ToArray(), CancellationToken.None);

        Assert.NotNull(etag);
        Assert.Equal(3, transport.Requests); // the container (twice), then the write
    }

    [Fact]
    public async Task AnyRequest_RetryAfter_IsHonouredBeforeTheNextAttempt()
    {
        var transport = FaultInjectingHandler.FailFirst(1, HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(2));
        using var store = Store(transport, FastRetries with { MaxRetryDelay = TimeSpan.FromSeconds(30) });

        await store.GetAsync("runs/r1/throttled.json", CancellationToken.None);

        var times = transport.AttemptTimes;
        Assert.Equal(2, times.Count);
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1.9), $"retried after {times[1] - times[0]}");
    }

    [Fact]
    public async Task AnyRequest_WrongAccountKey_FailsOnceWith403NamingTheKeySettingButNotTheKey()
    {
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("this-is-not-the-azurite-account-key-at-all"));
        var transport = FaultInjectingHandler.PassThrough();
        using var store = Store(transport, connectionString: $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={wrongKey};BlobEndpoint={azurite.Server.BlobEndpoint}");

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.PutAsync("runs/r1/a.json", "x"u8.ToArray(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("AuthorizationFailure", error.ErrorCode);
        Assert.Contains("create container of '", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("AccountKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, error.ToString(), StringComparison.Ordinal);
        Assert.False(ErrorClassifier.IsTransient(error));
        Assert.Equal(1, transport.Requests);
    }

    [Fact]
    public async Task AnyRequest_UnreachableEndpoint_FailsAsTransientNamingTheEndpointAndAttempts()
    {
        var port = LoopbackPort.Free();

        var account = BlobAccount.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};BlobEndpoint=http://127.0.0.1:{port}/{AzuriteServer.AccountName}");
        using var store = new BlobRunStore(account, "c-1", FastRetries with { MaxRetries = 1 });

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.GetAsync("runs/r1/a.json", CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.Contains($"could not reach http://127.0.0.1:{port} after 2 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("BlobEndpoint", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, error.ToString(), StringComparison.Ordinal);
        Assert.True(ErrorClassifier.IsTransient(error));
    }
}
