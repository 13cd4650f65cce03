using System.Text.Json;
using DurableIngest.Cli.Runtime;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>
/// A connector that quotes the run's secrets in its errors, through the real workflow and local runtime: the secrets
/// reach no run-store document (journal, status, chunk results, summary), catalog file, result or log line.
/// </summary>
public sealed class SecretContainmentTests : IDisposable
{
    private const string Password = "Lit3ral-pa55word";
    private const string TokenVariable = "SCRIPTED_API_TOKEN";
    private const string Token = "env-t0ken-value";

    private static readonly string[] Secrets = [Password, Token];

    private readonly string _storePath = Directory.CreateTempSubdirectory("di-store-").FullName;

    public void Dispose() => Directory.Delete(_storePath, recursive: true);

    public enum Fault
    {
        TransientUntilExhausted,
        PermanentPerEntity,
        PermanentForTheWholeChunk,
        DiscoveryFails,
        DiscoveryFailsTransiently,
    }

    [Theory]
    [InlineData(Fault.TransientUntilExhausted)]
    [InlineData(Fault.PermanentPerEntity)]
    [InlineData(Fault.PermanentForTheWholeChunk)]
    [InlineData(Fault.DiscoveryFails)]
    [InlineData(Fault.DiscoveryFailsTransiently)]
    public async Task Run_ConnectorErrorsQuoteTheSecrets_SecretsAreNowhereButTheFailuresAreRecordedMasked(Fault fault)
    {
        var source = new ScriptedSource(30) { ErrorDetail = $"password={Password} token={Token}" };
        Inject(source, fault);
        var log = new CapturedLog();
        await using var harness = new WorkflowHarness(
            source, new LocalDirectoryRunStore(_storePath), environment: name => name == TokenVariable ? Token : null, loggerFactory: log);
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 2, successThreshold: 50, connectionConfig: ConnectionConfig));

        var result = await harness.RunAsync(runId);

        var summary = await harness.SummaryAsync(runId);
        var messages = summary.Failures.Select(f => f.Message).Append(summary.Error ?? string.Empty);
        Assert.Contains(messages, m => m.EndsWith("(password=*** token=***)", StringComparison.Ordinal));
        Assert.Empty(SecretScan.Find([_storePath, harness.CatalogPath], Secrets));
        Assert.Empty(SecretScan.FindInText("run result", JsonSerializer.Serialize(result, RunStoreJson.Options), Secrets));
        Assert.Empty(SecretScan.FindInText("log", log.Text, Secrets));
        Assert.NotEmpty(log.Lines); // the log was captured: an empty one would prove nothing
    }

    [Fact]
    public async Task Run_ChunkExhaustsItsRetries_JournalsAndSummarizesTheOriginalShortTypeName()
    {
        var source = new ScriptedSource(30) { ErrorDetail = $"password={Password}" };
        source.TransientFailures[ScriptedSource.NameOf(10)] = -1;
        await using var harness = new WorkflowHarness(source, new LocalDirectoryRunStore(_storePath));
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 2, successThreshold: 50, connectionConfig: ConnectionConfig));

        await harness.RunAsync(runId);

        var journal = await JournalReader.ReadAsync(harness.Store, runId, CancellationToken.None);
        var failed = Assert.Single(journal.Entries.Values, e => e.Failure is not null);
        Assert.Equal(
            (ActivityNames.ProcessChunk, 2, nameof(TransientException), "connection reset while reading chunk starting at t0010 (password=***)"),
            (failed.Activity, failed.Attempts, failed.Failure!.ErrorType, failed.Failure.Message));
        var summary = await harness.SummaryAsync(runId);
        Assert.All(summary.Failures, f => Assert.Equal(
            ("RetriesExhausted", "chunk 1 exhausted its retries: TransientException: connection reset while reading chunk starting at t0010 (password=***)"),
            (f.ErrorType, f.Message)));
    }

    [Fact]
    public async Task Run_DiscoveryFails_RecordsTheOriginalMessageAsTheRunError()
    {
        var source = new ScriptedSource(10) { FailDiscovery = true, ErrorDetail = $"password={Password}" };
        await using var harness = new WorkflowHarness(source, new LocalDirectoryRunStore(_storePath));
        var runId = await harness.StartAsync(harness.Yaml(maxAttempts: 1, connectionConfig: ConnectionConfig));

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("discovery failed: permission denied for schema public (password=***)", (await harness.SummaryAsync(runId)).Error);
    }

    // Continuation lines carry the indentation of the connection's keys in the harness's workflow.
    private static string ConnectionConfig => $"password: {Password}\n      apiToken: ${{{TokenVariable}}}";

    private static void Inject(ScriptedSource source, Fault fault)
    {
        switch (fault)
        {
            case Fault.TransientUntilExhausted:
                source.TransientFailures[ScriptedSource.NameOf(10)] = -1;
                break;
            case Fault.PermanentPerEntity:
                source.BadTables.UnionWith([ScriptedSource.NameOf(3), ScriptedSource.NameOf(17)]);
                break;
            case Fault.PermanentForTheWholeChunk:
                source.PermanentChunkFailures.Add(ScriptedSource.NameOf(20));
                break;
            case Fault.DiscoveryFails:
                source.FailDiscovery = true;
                break;
            case Fault.DiscoveryFailsTransiently:
                source.FailDiscovery = true;
                source.DiscoveryFailureIsTransient = true;
                break;
        }
    }
}
