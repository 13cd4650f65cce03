using System.Diagnostics;
using System.Text.Json;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime.Faults;

/// <summary>
/// The source PostgreSQL server (a throwaway one this test owns) restarted with <c>pg_ctl restart -m fast</c> while a
/// real <c>durable-ingest ingest</c> has chunks in flight: the chunks that lost their connection are retried, and the
/// run ends with the catalog of an uninterrupted run.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DatasetShape Shape = new(Tables: 2_000, Schemas: 4, Views: 0);
    private readonly string _work = Directory.CreateTempSubdirectory("di-pg-restart-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ingest_SourceServerRestartedWhileChunksAreInFlight_RetriesThemAndEndsWithTheCatalogOfAnUninterruptedRun()
    {
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions());
        const string database = "restart_source";
        await server.CreateDatabaseAsync(database);
        await PostgresDataset.BuildAsync(server, database, Shape, log: null, CancellationToken.None);

        var cleanCatalog = Path.Combine(_work, "clean-catalog");
        var cleanWatch = Stopwatch.StartNew();
        var clean = await CliProcess.RunAsync(_work, "ingest", "-c", WriteConfig(server, database, "clean.yaml", cleanCatalog, "clean-store"), "--run-id", "clean");
        var cleanSeconds = cleanWatch.Elapsed.TotalSeconds;
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        var expected = CatalogSnapshot.Take(cleanCatalog);
        Assert.Equal(Shape.Tables, expected.Count);

        var catalog = Path.Combine(_work, "catalog");
        var store = new LocalDirectoryRunStore(Path.Combine(_work, "store"));
        var watch = Stopwatch.StartNew();
        using var process = CliProcess.Start(_work, null, "ingest", "-c", WriteConfig(server, database, "restart.yaml", catalog, "store"), "--run-id", "restart");
        var error = process.StandardError.ReadToEndAsync();
        var first = await process.StandardOutput.ReadLineAsync();
        if (first?.StartsWith("Run id:", StringComparison.Ordinal) != true)
        {
            Assert.Fail($"the run did not start: {first}\n{await error}");
        }

        var rest = process.StandardOutput.ReadToEndAsync();
        var journaledAtRestart = await WaitForJournalAsync(store, "restart", steps: 5);
        var restartStarted = watch.Elapsed;
        await server.RestartAsync();
        var restartSeconds = (watch.Elapsed - restartStarted).TotalSeconds;
        using (var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        {
            await process.WaitForExitAsync(guard.Token);
        }

        var totalSeconds = watch.Elapsed.TotalSeconds;
        var log = await error;
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await rest}\n{log}");
        var journal = (await JournalReader.ReadAsync(store, "restart", CancellationToken.None)).Entries.Values.ToList();
        var retried = journal.Where(e => e.Attempts > 1).ToList();
        Assert.True(retried.Count > 0, $"no step needed a retry: the restart at step {journaledAtRestart} hit no chunk in flight\n{log}");
        Assert.All(journal, entry => Assert.True(entry.Failure is null, $"step {entry.Sequence} ({entry.Activity}) failed: {entry.Failure}"));
        var actual = CatalogSnapshot.Take(catalog);
        var differences = expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k)).Take(5).ToList();
        Assert.True(differences.Count == 0, "the catalog differs from the uninterrupted run's at: " + string.Join(", ", differences));
        using (var summary = JsonDocument.Parse((await store.GetAsync(RunKeys.Summary("restart"), CancellationToken.None))!.Content))
        {
            Assert.Equal((Shape.Tables, 0), (summary.RootElement.GetProperty("succeeded").GetInt32(), summary.RootElement.GetProperty("failed").GetInt32()));
        }

        var reasons = string.Join("; ", log.Split('\n').Where(l => l.Contains("failed (", StringComparison.Ordinal) && l.Contains("retrying in", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("failed (", StringComparison.Ordinal) + 8)..].Split(')')[0]).Distinct());
        var figures = $"source restart: uninterrupted run {cleanSeconds:F1} s; pg_ctl restart at step {journaledAtRestart}/{journal.Count} took {restartSeconds:F1} s; "
            + $"{retried.Count} steps retried ({retried.Sum(e => e.Attempts - 1)} retries: {reasons}); run {totalSeconds:F1} s in all";
        output.WriteLine(figures);
        Console.WriteLine(figures);
    }

    private static async Task<int> WaitForJournalAsync(IRunStore store, string runId, int steps)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var journaled = (await JournalReader.ReadAsync(store, runId, guard.Token)).Entries.Count;
            if (journaled >= steps)
            {
                return journaled;
            }

            await Task.Delay(20, guard.Token);
        }
    }

    private string WriteConfig(PostgresServer server, string database, string name, string catalog, string store)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, $"""
            source:
              type: postgres
              serviceName: restart
              serviceConnection:
                config:
                  type: Postgres
                  username: {PostgresServer.PasswordUser}
                  authType:
                    password: {PostgresServer.Password}
                  hostPort: {server.HostPort}
                  database: {database}
                  sslMode: disable
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: {catalog}
            workflowConfig:
              loggerLevel: INFO
              distributedExecution:
                enabled: true
                parallelism: 2
                chunkSize: 20
                runStore:
                  path: {Path.Combine(_work, store)}
            """);
        return path;
    }
}
