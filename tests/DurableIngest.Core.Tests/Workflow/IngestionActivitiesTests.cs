using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.Secrets;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Core.Tests.Workflow;

/// <summary>The activity boundary: what leaves an activity, thrown or stored, never carries the run's secrets.</summary>
public sealed class IngestionActivitiesTests : IAsyncDisposable
{
    private const string RunId = "run-1";
    private const string Password = "literal-pa55word";
    private const string TokenVariable = "SCRIPTED_TOKEN";
    private const string Token = "token-from-the-environment";

    private readonly TempFolder _catalog = new();
    private readonly InMemoryRunStore _store = new();
    private readonly ScriptedSource _source = new(4);
    private readonly IngestionActivities _activities;
    private readonly ConnectorRegistry _connectors;
    private readonly SecretVault _vault = new();

    public IngestionActivitiesTests()
    {
        _connectors = new ConnectorRegistry([_source], [new FileSinkProvider()]);
        var configs = new RunConfigProvider(_store, _connectors, _vault, name => name == TokenVariable ? Token : null);
        _activities = new IngestionActivities(_store, configs, _connectors, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _activities.DisposeAsync();
        _catalog.Dispose();
    }

    [Fact]
    public async Task DiscoverAsync_SourceThrowsQuotingThePassword_ThrowsTheFailureMaskedWithoutInnerException()
    {
        await StartAsync();
        _source.FailDiscovery = true;
        _source.ErrorDetail = $"password={Password}";

        var failure = await Assert.ThrowsAsync<RedactedActivityException>(() => _activities.DiscoverAsync(new DiscoverInput(RunId, 2), CancellationToken.None));

        Assert.Equal(
            (nameof(InvalidOperationException), "permission denied for schema public (password=***)", false),
            (failure.ErrorType, failure.ErrorMessage, failure.IsTransient));
        Assert.Null(failure.InnerException);
        Assert.DoesNotContain(Password, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessChunkAsync_TransientFailureQuotingAnEnvironmentSecret_ThrowsItTransientAndMasked()
    {
        await StartAsync();
        await _activities.DiscoverAsync(new DiscoverInput(RunId, 2), CancellationToken.None);
        _source.TransientFailures[ScriptedSource.NameOf(0)] = -1;
        _source.ErrorDetail = $"token {Token}";

        var failure = await Assert.ThrowsAsync<RedactedActivityException>(() => _activities.ProcessChunkAsync(new ChunkInput(RunId, 0), CancellationToken.None));

        Assert.Equal(
            (nameof(TransientException), "TransientException: connection reset while reading chunk starting at t0000 (token ***)", true),
            (failure.ErrorType, failure.Message, failure.IsTransient));
        Assert.Null(failure.InnerException);
    }

    [Fact]
    public async Task ProcessChunkAsync_PermanentFailuresQuotingThePassword_StoresTheirMessagesMasked()
    {
        await StartAsync();
        await _activities.DiscoverAsync(new DiscoverInput(RunId, 2), CancellationToken.None);
        _source.PermanentChunkFailures.Add(ScriptedSource.NameOf(0));
        _source.BadTables.Add(ScriptedSource.NameOf(3));
        _source.ErrorDetail = $"password={Password}";

        await _activities.ProcessChunkAsync(new ChunkInput(RunId, 0), CancellationToken.None);
        await _activities.ProcessChunkAsync(new ChunkInput(RunId, 1), CancellationToken.None);

        var failures = new List<FailureDetail>();
        foreach (var index in new[] { 0, 1 })
        {
            var result = await _store.ReadRequiredAsync<ChunkResultDocument>(RunKeys.Result(RunId, index), CancellationToken.None);
            failures.AddRange(result.Entities.Where(e => e.Failure is not null).Select(e => e.Failure!));
        }

        Assert.Equal(3, failures.Count);
        Assert.All(failures, f => Assert.EndsWith("(password=***)", f.Message, StringComparison.Ordinal));
        Assert.Equal([nameof(InvalidOperationException), nameof(InvalidOperationException), "PermissionDenied"], failures.Select(f => f.ErrorType));
    }

    [Fact]
    public async Task ProcessChunkAsync_TransientFailureQuotingThePassword_RecordsTheFailedAttemptMaskedForTheReport()
    {
        await StartAsync();
        await _activities.DiscoverAsync(new DiscoverInput(RunId, 2), CancellationToken.None);
        _source.TransientFailures[ScriptedSource.NameOf(2)] = 1;
        _source.ErrorDetail = $"password={Password}";

        await Assert.ThrowsAsync<RedactedActivityException>(() => _activities.ProcessChunkAsync(new ChunkInput(RunId, 1), CancellationToken.None));
        await _activities.ProcessChunkAsync(new ChunkInput(RunId, 1), CancellationToken.None);

        var key = Assert.Single(await _store.ListAsync(RunKeys.AttemptsPrefix(RunId), CancellationToken.None));
        var attempt = await _store.ReadRequiredAsync<FailedAttemptDocument>(key, CancellationToken.None);
        Assert.StartsWith(RunKeys.AttemptsPrefix(RunId) + "000001-", key, StringComparison.Ordinal);
        Assert.Equal(
            (ActivityNames.ProcessChunk, (int?)1, nameof(TransientException), true),
            (attempt.Activity, attempt.ChunkIndex, attempt.ErrorType, attempt.IsTransient));
        Assert.EndsWith("(password=***)", attempt.Message, StringComparison.Ordinal);
        Assert.True(attempt.FailedAt >= attempt.StartedAt);
        var result = await _store.ReadRequiredAsync<ChunkResultDocument>(RunKeys.Result(RunId, 1), CancellationToken.None);
        Assert.True(result.StartedAt >= attempt.FailedAt && result.FinishedAt >= result.StartedAt, $"{attempt.FailedAt:O} {result.StartedAt:O} {result.FinishedAt:O}");
    }

    [Fact]
    public async Task ProcessChunkAsync_Cancelled_LetsOperationCanceledExceptionThrough()
    {
        await StartAsync();
        await _activities.DiscoverAsync(new DiscoverInput(RunId, 2), CancellationToken.None);
        _source.Gates[ScriptedSource.NameOf(0)] = new TaskCompletionSource();
        using var cancel = new CancellationTokenSource();

        var chunk = _activities.ProcessChunkAsync(new ChunkInput(RunId, 0), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => chunk);
    }

    private async Task StartAsync()
    {
        var yaml = $$"""
            source:
              type: scripted
              serviceName: svc
              serviceConnection:
                config:
                  type: Scripted
                  hostPort: localhost:1
                  password: {{Password}}
                  token: ${{{TokenVariable}}}
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: {{_catalog.Path}}
            """;
        var config = new WorkflowConfigLoader(_connectors, _ => null).Load(yaml, "test.yaml");
        await new RunStarter(_store, _vault, TimeProvider.System).CreateAsync(RunId, config, null, null, CancellationToken.None);
        Assert.DoesNotContain(Password, Encoding.UTF8.GetString((await _store.GetAsync(RunKeys.Config(RunId), CancellationToken.None))!.Content.Span), StringComparison.Ordinal);
    }
}
