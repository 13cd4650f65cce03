using DurableIngest.Testing;
using DurableIngest.Testing.OpenMetadataStandIn;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>
/// The proof, through the real CLI: a PostgreSQL database into a strict OpenMetadata stand-in that answers
/// 20% of calls with 500 or 429, then again unchanged, then with a table dropped.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class OpenMetadataIncrementalEndToEndTests(PostgresServerFixture postgres, ITestOutputHelper output) : IDisposable
{
    private const string Token = "stand-in-jwt";

    private readonly string _work = Directory.CreateTempSubdirectory("di-om-e2e-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ingest_FlakyStrictServer_EveryTableOnceThenNothingRewrittenThenOnlyTheDroppedTableSoftDeleted()
    {
        var database = await ShopDatabase.CreateAsync(postgres);
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Token = Token;
        standIn.Faults.Rate = 0.2;
        standIn.Faults.Statuses = [500, 429];
        standIn.Faults.RetryAfterSeconds = 1;
        await File.WriteAllTextAsync(Path.Combine(_work, "om.yaml"), Workflow(database, standIn.BaseUrl));
        var tables = ShopDatabase.TableFqns(database);

        var first = await IngestAsync("first");

        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}\n{first.Output}\n{first.Error}");
        Assert.Empty(standIn.ContractRejections);
        Assert.Contains(standIn.Calls, c => c.Injected && c.Status == 500);
        Assert.Contains(standIn.Calls, c => c.Injected && c.Status == 429);
        Assert.Equal(tables, standIn.Tables.Select(t => t.FullyQualifiedName));
        Assert.All(standIn.Tables, t => Assert.Equal((1, false), (t.Creates, t.Deleted)));
        Assert.All([.. standIn.Services, .. standIn.Databases, .. standIn.Schemas], parent => Assert.Equal(1, parent.Creates));
        Assert.Equal((14, 14, 0), await SummaryFile.CountsAsync(_work, "first", "total", "created", "failed"));

        var afterFirst = standIn.Calls.Count;
        var second = await IngestAsync("second");

        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}\n{second.Output}\n{second.Error}");
        Assert.DoesNotContain(standIn.Calls.Skip(afterFirst), c => c.Method == "PUT");
        Assert.Equal((14, 14, 0), await SummaryFile.CountsAsync(_work, "second", "total", "unchanged", "created"));

        await ShopDatabase.DropScratchAsync(postgres, database);
        var afterSecond = standIn.Calls.Count;
        var third = await IngestAsync("third");

        Assert.True(third.ExitCode == 0, $"exit {third.ExitCode}\n{third.Output}\n{third.Error}");
        var calls = standIn.Calls.Skip(afterSecond).ToList();
        Assert.DoesNotContain(calls, c => c.Method == "PUT");
        var deletes = calls.Where(c => c.Method == "DELETE").ToList();
        Assert.All(deletes, d => Assert.Equal(ShopDatabase.ScratchFqn(database), Uri.UnescapeDataString(d.Path[(d.Path.LastIndexOf('/') + 1)..])));
        Assert.All(deletes, d => Assert.Contains("hardDelete=false", d.Target, StringComparison.Ordinal));
        Assert.Single(deletes, d => d.Status == 200);
        Assert.Equal([ShopDatabase.ScratchFqn(database)], standIn.Tables.Where(t => t.Deleted).Select(t => t.FullyQualifiedName));
        Assert.Equal((13, 13, 1), await SummaryFile.CountsAsync(_work, "third", "total", "unchanged", "deleted"));
        Assert.Empty(standIn.ContractRejections);
    }

    private async Task<CliProcess.Result> IngestAsync(string runId)
    {
        var result = await CliProcess.RunAsync(_work, ShopDatabase.Environment(("OM_JWT", Token)), "ingest", "-c", "om.yaml", "--run-id", runId);
        output.WriteLine($"$ durable-ingest ingest -c om.yaml --run-id {runId}   (exit {result.ExitCode})\n{result.Output}{result.Error}");
        return result;
    }

    private string Workflow(string database, string hostPort) => ShopDatabase.Source(postgres.Server, database) + $$"""

        sink:
          type: metadata-rest
          config: {}
        workflowConfig:
          loggerLevel: WARN
          openMetadataServerConfig:
            hostPort: {{hostPort}}
            authProvider: openmetadata
            securityConfig:
              jwtToken: ${OM_JWT}
          distributedExecution:
            enabled: true
            parallelism: 8
            chunkSize: 2
            retryPolicy:
              maxAttempts: 6
              backoffSeconds: 0.05
              backoffFactor: 2
              maxBackoffSeconds: 2
        """;
}
