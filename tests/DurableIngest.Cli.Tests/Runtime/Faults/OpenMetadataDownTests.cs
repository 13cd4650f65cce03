using System.Diagnostics;
using System.Text.Json;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using DurableIngest.Testing.OpenMetadataStandIn;
using DurableIngest.Workflow;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// The metadata-rest sink points at a loopback port where no OpenMetadata listens, for the whole run: the run fails once,
/// at its start, after the default retry budget, naming the server and the reason, and reads and writes nothing. A
/// Failed run is not resumed; once the server (the stand-in, on that port) is up, a new run of the workflow completes.
/// </summary>
public sealed class OpenMetadataDownTests(ITestOutputHelper output) : IDisposable
{
    private const int Tables = 200;
    private const string Token = "stand-in-jwt-for-the-down-test";
    private readonly FaultWorkspace _workspace = new("di-om-down-", Tables);

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Ingest_OpenMetadataDownForTheWholeRun_FailsAtTheStartNamingTheServerAndANewRunCompletesOnceItIsUp()
    {
        // Free a moment ago: nothing listens there until the test starts the stand-in on it.
        var port = LoopbackPort.Free();
        var apiBase = $"http://127.0.0.1:{port}/api/";
        var store = Path.Combine(_workspace.Work, "store");
        var config = _workspace.WriteWorkflow(
            "om.yaml",
            "  type: metadata-rest\n  config: {}",
            FaultWorkspace.LocalStore(store),
            workflowConfig: $"  openMetadataServerConfig:\n    hostPort: {apiBase.TrimEnd('/')}\n    authProvider: openmetadata\n    securityConfig:\n      jwtToken: ${{OM_JWT}}");
        var environment = new Dictionary<string, string> { ["OM_JWT"] = Token };

        var watch = Stopwatch.StartNew();
        var down = await CliProcess.RunAsync(_workspace.Work, environment, "ingest", "-c", config, "--run-id", "om-down");
        var failedAfter = watch.Elapsed.TotalSeconds;

        output.WriteLine(down.Output + down.Error);
        Assert.True(down.ExitCode == ExitCodes.RunFailed, $"exit {down.ExitCode}\n{down.Output}\n{down.Error}");
        var runStore = new LocalDirectoryRunStore(store);
        var summary = await ReadJsonAsync(runStore, RunKeys.Summary("om-down"));
        Assert.Equal("Failed", summary.GetProperty("status").GetString());
        var error = summary.GetProperty("error").GetString()!;
        Assert.Contains($"OpenMetadata at {apiBase} (workflowConfig.openMetadataServerConfig.hostPort) is not available", error, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error, StringComparison.Ordinal);
        Assert.Contains($"OpenMetadata at {apiBase}", down.Output, StringComparison.Ordinal);
        var journal = (await JournalReader.ReadAsync(runStore, "om-down", CancellationToken.None)).Entries.Values.OrderBy(e => e.Sequence).ToList();
        Assert.Equal([ActivityNames.Discover, ActivityNames.Complete], journal.Select(e => e.Activity));
        var check = journal[0];
        Assert.NotNull(check.Failure);
        Assert.Empty(await runStore.ListAsync(RunKeys.ChunksPrefix("om-down"), CancellationToken.None));
        Assert.DoesNotContain(Token, down.Output + down.Error, StringComparison.Ordinal);

        await using var standIn = await OpenMetadataStandIn.StartOnPortAsync(port);
        standIn.Token = Token;
        var resumed = await CliProcess.RunAsync(_workspace.Work, environment, "resume", "om-down", "--run-store", store);

        Assert.True(resumed.ExitCode == ExitCodes.RunFailed, $"exit {resumed.ExitCode}\n{resumed.Output}\n{resumed.Error}");
        Assert.Contains($"Run 'om-down' had already ended Failed; resume continues interrupted runs only. To try again, start a new run of the workflow (durable-ingest ingest -c {config})", resumed.Error, StringComparison.Ordinal);
        Assert.Empty(standIn.Calls);

        var again = await CliProcess.RunAsync(_workspace.Work, environment, "ingest", "-c", config, "--run-id", "om-up");

        output.WriteLine(again.Output + again.Error);
        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}\n{again.Output}\n{again.Error}");
        Assert.Equal(Tables, standIn.Tables.Count);
        Assert.Empty(standIn.ContractRejections);
        var completed = await ReadJsonAsync(runStore, RunKeys.Summary("om-up"));
        Assert.Equal((Tables, Tables, 0), (completed.GetProperty("total").GetInt32(), completed.GetProperty("created").GetInt32(), completed.GetProperty("failed").GetInt32()));
        var figures = $"OpenMetadata down: the run ended Failed after {failedAfter:F1} s (the check made {check.Attempts} attempts), "
            + $"no chunk read or written; the new run once the server was up wrote {Tables} tables";
        output.WriteLine(figures);
        Console.WriteLine(figures);
    }

    private static async Task<JsonElement> ReadJsonAsync(IRunStore store, string key)
    {
        var document = await store.GetAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key} is missing");
        using var json = JsonDocument.Parse(document.Content);
        return json.RootElement.Clone();
    }
}
