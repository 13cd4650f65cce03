using System.Net;
using System.Text;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Secrets;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Http;

/// <summary>
/// The start path every host shares, when the runtime fails to take a run that is already stored. The contract itself
/// is tested against both hosts in tests/DurableIngest.Functions.Tests/Http/IngestApiContractTests.cs.
/// </summary>
public sealed class IngestApiTests
{
    private static readonly Uri Collection = new("http://localhost:7071/api/ingest");
    private readonly InMemoryRunStore _store = new();
    private readonly FakeTimeProvider _time = new();
    private readonly RuntimeThatFailsOnce _runs = new();

    [Fact]
    public async Task StartAsync_RuntimeRefusesTheStoredRun_Is503KeepsNothingAndTheSameIdWorksOnRetry()
    {
        var api = Api();
        _runs.FailNextLaunch = true;

        var failed = await StartAsync(api, "retry-me");
        var keptAfterFailure = await _store.ListAsync(RunKeys.Run("retry-me"), CancellationToken.None);
        var retried = await StartAsync(api, "retry-me");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.Status);
        Assert.Contains("send the same request again", Encoding.UTF8.GetString(failed.Body), StringComparison.Ordinal);
        Assert.Empty(keptAfterFailure);
        Assert.Equal(HttpStatusCode.Accepted, retried.Status);
        Assert.Equal(["retry-me"], _runs.Launched);
    }

    [Fact]
    public async Task StartAsync_RunLeftStoredByAStartWhoseCleanUpFailedToo_IsConflictWhileRecentAndReplacedOnceStale()
    {
        var api = Api();
        await new RunStarter(_store, new SecretVault(), _time).CreateAsync(
            "left-behind", TestWorkflows.Loader().Load(TestWorkflows.WithReference, "w.yaml"), null, null, CancellationToken.None);

        var recent = await StartAsync(api, "left-behind");
        _time.Advance(TimeSpan.FromMinutes(2));
        var stale = await StartAsync(api, "left-behind");

        Assert.Equal(HttpStatusCode.Conflict, recent.Status);
        Assert.Contains("being started", Encoding.UTF8.GetString(recent.Body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, stale.Status);
        Assert.Equal(["left-behind"], _runs.Launched);
        var manifest = await _store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest("left-behind"), CancellationToken.None);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, manifest.CreatedTime);
    }

    private IngestApi Api() => new(
        new IngestRequestReader(TestWorkflows.Loader(), new IngestRequestOptions()),
        new RunStarter(_store, new SecretVault(), _time),
        _runs,
        _store,
        _time,
        NullLogger.Instance);

    private static Task<ApiResponse> StartAsync(IngestApi api, string runId) =>
        api.StartAsync(new MemoryStream(Encoding.UTF8.GetBytes(TestWorkflows.WithReference)), "application/yaml", null, runId, Collection, CancellationToken.None);

    /// <summary>A runtime that injects one fault, a launch that fails after the run was stored, and otherwise accepts runs.</summary>
    private sealed class RuntimeThatFailsOnce : IRunControl
    {
        public bool FailNextLaunch { get; set; }

        public List<string> Launched { get; } = [];

        public bool IsAcceptingRuns => true;

        public Task<bool> IsKnownAsync(string runId, CancellationToken cancellationToken) => Task.FromResult(Launched.Contains(runId));

        public Task LaunchAsync(RunManifest manifest, CancellationToken cancellationToken)
        {
            if (FailNextLaunch)
            {
                FailNextLaunch = false;
                throw new TimeoutException("the task hub did not answer");
            }

            Launched.Add(manifest.RunId);
            return Task.CompletedTask;
        }

        public Task<RunStatusView?> GetStatusAsync(string runId, CancellationToken cancellationToken) => Task.FromResult<RunStatusView?>(null);

        public Task<IReadOnlyList<RunStatusView>> ListAsync(int top, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<RunStatusView>>([]);

        public Task<RunControlResult> TerminateAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunControlResult> PurgeAsync(string runId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
