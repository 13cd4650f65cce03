using DurableIngest.Functions.Tests.Support;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// The same workflow on the local runtime and on the Functions app (its own orchestrator and activities on the Durable
/// Task engine): the same counts and byte for byte the same catalog.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class RuntimeParityTests : IDisposable
{
    private const string PasswordVariable = "DI_FUNCTIONS_PARITY_PG_PASSWORD";
    private readonly PostgresServerFixture _postgres;
    private readonly string _work = Directory.CreateTempSubdirectory("di-parity-").FullName;

    public RuntimeParityTests(PostgresServerFixture postgres)
    {
        _postgres = postgres;
        Environment.SetEnvironmentVariable(PasswordVariable, PostgresServer.Password);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Quickstart_OnBothRuntimes_SameSummaryCountsAndByteIdenticalCatalogs()
    {
        var (local, durable) = await RunOnBothAsync(Workflows.Quickstart, "quickstart-parity");

        Assert.Equal(RunStatus.Completed, local.Summary.Status);
        Assert.InRange(local.Summary.Total, 25, 40);
        AssertSameRun(local, durable);
    }

    [Fact]
    public async Task PostgresTwoThousandTables_OnBothRuntimes_SameSummaryCountsAndByteIdenticalCatalogs()
    {
        var database = await _postgres.CreateDatabaseAsync("parity");
        await PostgresDataset.BuildAsync(_postgres.Server, database, new DatasetShape(Tables: 2_000, Schemas: 10, Views: 100), log: null, CancellationToken.None);

        var (local, durable) = await RunOnBothAsync(catalog => Workflows.Postgres(_postgres.Server, database, catalog, PasswordVariable), "pg-parity");

        Assert.Equal(RunStatus.Completed, local.Summary.Status);
        Assert.Equal((2_100, 2_100, 11), (local.Summary.Total, local.Summary.Succeeded, local.Summary.Chunks));
        AssertSameRun(local, durable);
    }

    private static void AssertSameRun(RuntimeOutcome local, RuntimeOutcome durable)
    {
        Assert.Equal(
            (local.Summary.Status, local.Summary.Total, local.Summary.Succeeded, local.Summary.Failed, local.Summary.Filtered, local.Summary.Created, local.Summary.Chunks),
            (durable.Summary.Status, durable.Summary.Total, durable.Summary.Succeeded, durable.Summary.Failed, durable.Summary.Filtered, durable.Summary.Created, durable.Summary.Chunks));
        Assert.Equal(local.Summary.Total, local.Catalog.Count);
        Assert.Equal(local.Catalog, durable.Catalog);
    }

    private async Task<(RuntimeOutcome Local, RuntimeOutcome Durable)> RunOnBothAsync(Func<string, string> workflow, string runId) =>
        (await RunOnAsync(Runtimes.Local, workflow, runId), await RunOnAsync(Runtimes.DurableFunctions, workflow, runId));

    private async Task<RuntimeOutcome> RunOnAsync(string runtimeName, Func<string, string> workflow, string runId)
    {
        var catalog = Path.Combine(_work, runtimeName);
        await using var runtime = await Runtimes.StartAsync(runtimeName);
        var run = await runtime.RunAsync(workflow(catalog), runId);
        Assert.True(run.Result is not null, $"{runtimeName}: {run.RuntimeStatus} {run.Error}");
        var summary = await runtime.Store.ReadRequiredAsync<RunSummary>(run.Result.SummaryKey, CancellationToken.None);
        return new RuntimeOutcome(summary, CatalogSnapshot.Take(catalog));
    }

    private sealed record RuntimeOutcome(RunSummary Summary, SortedDictionary<string, string> Catalog);
}
