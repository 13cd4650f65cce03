using System.Net;
using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Core.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.RunStore.Local;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.RunStore;

public sealed class ResilientRunStoreTests : IDisposable
{
    private const string Key = "runs/r1/status.json";

    // Short delays keep the tests quick; the budget is what each test is about.
    private static readonly RunStoreResilienceOptions Quick = new()
    {
        OutageBudget = TimeSpan.FromMinutes(1),
        FirstRetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
    };

    private readonly TempFolder _folder = new();
    private readonly CapturedLog _log = new();

    public void Dispose()
    {
        _folder.Dispose();
        _log.Dispose();
    }

    [Fact]
    public async Task Put_StoreUnreachableForThreeAttempts_RetriesUntilItAnswersAndLogsEachRetryOnce()
    {
        var (faults, store) = Create(Quick);
        faults.FailNext(3, Unreachable);

        await store.PutAsync(Key, "done"u8.ToArray(), CancellationToken.None);

        Assert.Equal("done", Encoding.UTF8.GetString((await faults.GetAsync(Key, CancellationToken.None))!.Content.Span));
        Assert.Equal(3, _log.Lines.Count(l => l.StartsWith($"Warning {typeof(ResilientRunStore).FullName}: Run store write of '{Key}' failed (", StringComparison.Ordinal)));
        Assert.Single(_log.Lines, l => l.Contains($"Run store write of '{Key}' succeeded after 3 retries", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains(BlobConnectionString.DevelopmentAccountKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_PermanentFailure_ThrowsAtOnceWithoutRetrying()
    {
        var (faults, store) = Create(Quick);
        faults.FailNext(1, () => new BlobStorageException("Blob storage read failed with HTTP 403 AuthenticationFailed.", HttpStatusCode.Forbidden, "AuthenticationFailed"));

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.GetAsync(Key, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(1, faults.Attempts);
        Assert.Empty(_log.Lines);
    }

    [Fact]
    public async Task Put_OutageLongerThanTheBudget_GivesUpWithTheStoresErrorNamingTheSetting()
    {
        var (faults, store) = Create(Quick with { OutageBudget = TimeSpan.FromMilliseconds(200) });
        faults.FailNext(int.MaxValue, Unreachable);

        var error = await Assert.ThrowsAsync<BlobStorageException>(() => store.PutAsync(Key, "x"u8.ToArray(), CancellationToken.None));

        Assert.Null(error.StatusCode);
        Assert.True(faults.Attempts > 1, $"{faults.Attempts} attempts");
        Assert.Single(_log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal)
            && l.Contains($"Run store write of '{Key}' gave up after", StringComparison.Ordinal)
            && l.Contains(RunStoreResilienceOptions.OutageBudgetSetting, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AfterAnotherOperationGaveUp_GivesUpAtItsFirstFailureInsteadOfWaitingAnotherBudget()
    {
        var (faults, store) = Create(Quick with { OutageBudget = TimeSpan.FromMilliseconds(200) });
        faults.FailNext(int.MaxValue, Unreachable);
        await Assert.ThrowsAsync<BlobStorageException>(() => store.PutAsync(Key, "x"u8.ToArray(), CancellationToken.None));
        var attemptsBefore = faults.Attempts;

        await Assert.ThrowsAsync<BlobStorageException>(() => store.GetAsync(Key, CancellationToken.None));

        Assert.Equal(attemptsBefore + 1, faults.Attempts);
    }

    [Fact]
    public async Task TryCreate_FirstAttemptLandedButItsAnswerWasLost_ReturnsTheETagOfThatWrite()
    {
        var (faults, store) = Create(Quick);
        faults.LoseNextAnswers(1, Unreachable);

        var etag = await store.TryCreateAsync(Key, "mine"u8.ToArray(), CancellationToken.None);

        var stored = await faults.GetAsync(Key, CancellationToken.None);
        Assert.Equal(stored!.ETag, etag);
    }

    [Fact]
    public async Task TryReplace_FirstAttemptLandedButItsAnswerWasLost_ReturnsTheETagOfThatWrite()
    {
        var (faults, store) = Create(Quick);
        var original = await faults.PutAsync(Key, "v1"u8.ToArray(), CancellationToken.None);
        faults.LoseNextAnswers(1, Unreachable);

        var etag = await store.TryReplaceAsync(Key, "v2"u8.ToArray(), original, CancellationToken.None);

        var stored = await faults.GetAsync(Key, CancellationToken.None);
        Assert.Equal(("v2", stored!.ETag), (Encoding.UTF8.GetString(stored.Content.Span), etag));
    }

    [Fact]
    public async Task TryReplace_DocumentChangedByAnotherWriter_ReturnsNull()
    {
        var (faults, store) = Create(Quick);
        var original = await faults.PutAsync(Key, "v1"u8.ToArray(), CancellationToken.None);
        await faults.PutAsync(Key, "theirs"u8.ToArray(), CancellationToken.None);

        var etag = await store.TryReplaceAsync(Key, "mine"u8.ToArray(), original, CancellationToken.None);

        Assert.Null(etag);
        Assert.Equal("theirs", Encoding.UTF8.GetString((await faults.GetAsync(Key, CancellationToken.None))!.Content.Span));
    }

    [Fact]
    public async Task Put_CancelledWhileWaitingToRetry_StopsWithCancellation()
    {
        var (faults, store) = Create(Quick with { FirstRetryDelay = TimeSpan.FromMinutes(1), MaxRetryDelay = TimeSpan.FromMinutes(1) });
        faults.FailNext(int.MaxValue, Unreachable);
        using var cancellation = new CancellationTokenSource();

        var put = store.PutAsync(Key, "x"u8.ToArray(), cancellation.Token);
        await Poll.UntilAsync(() => faults.Attempts > 0);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
    }

    [Fact]
    public void Wrap_LocalDirectoryStore_StaysAppendOnlyAndUnwrapsToIt()
    {
        var local = new LocalDirectoryRunStore(_folder.Path);

        var store = ResilientRunStore.Wrap(local, Quick, TimeProvider.System, _log.CreateLogger("test"));

        Assert.IsAssignableFrom<IAppendOnlyRunStore>(store);
        Assert.Same(local, ResilientRunStore.Unwrap(store));
        Assert.Same(store, ResilientRunStore.Wrap(store, Quick, TimeProvider.System, _log.CreateLogger("test")));
    }

    [Fact]
    public void Wrap_ZeroBudget_ReturnsTheStoreItself()
    {
        var memory = new InMemoryRunStore();

        Assert.Same(memory, ResilientRunStore.Wrap(memory, Quick with { OutageBudget = TimeSpan.Zero }, TimeProvider.System, _log.CreateLogger("test")));
    }

    [Fact]
    public void FromSettings_Unset_IsFiveMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(5), RunStoreResilienceOptions.FromSettings(_ => null).OutageBudget);
        Assert.Equal(TimeSpan.FromSeconds(90), RunStoreResilienceOptions.FromSettings(_ => "90").OutageBudget);
    }

    [Fact]
    public void FromSettings_NotANumberOfSeconds_NamesTheSettingAndTheValue()
    {
        var error = Assert.Throws<ConfigException>(() => RunStoreResilienceOptions.FromSettings(_ => "5m"));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(RunStoreResilienceOptions.OutageBudgetSetting, problem.Path);
        Assert.Contains("not '5m'", problem.Message, StringComparison.Ordinal);
    }

    private static BlobStorageException Unreachable() =>
        new("Blob storage write of 'durable-ingest/runs/r1/status.json' could not reach http://127.0.0.1:1 after 6 attempt(s): Connection refused (127.0.0.1:1).", null, null);

    private (FaultInjectingRunStore Faults, IRunStore Store) Create(RunStoreResilienceOptions options)
    {
        var faults = new FaultInjectingRunStore(new InMemoryRunStore());
        return (faults, ResilientRunStore.Wrap(faults, options, TimeProvider.System, _log.CreateLogger(typeof(ResilientRunStore).FullName!)));
    }
}
