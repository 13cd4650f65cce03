using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>kill -9 of a real durable-ingest process at random moments, then resume: the catalog equals a clean run's.</summary>
public sealed class CrashResumeTests : IDisposable
{
    private const int Tables = 1_500;
    private readonly string _work = Directory.CreateTempSubdirectory("di-crash-").FullName;

    public CrashResumeTests()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_work, "big.db")}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        for (var i = 0; i < Tables; i++)
        {
            command.CommandText = $"CREATE TABLE t{i:D5} (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2), parent INTEGER REFERENCES t{Math.Max(0, i - 1):D5}(id))";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_work, recursive: true);
    }

    private string WriteConfig(string name, string catalog, string store)
    {
        var path = Path.Combine(_work, name);
        File.WriteAllText(path, $"""
            source:
              type: sqlite
              serviceName: crash
              serviceConnection:
                config:
                  type: SQLite
                  databaseMode: {Path.Combine(_work, "big.db")}
                  database: big
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: {catalog}
            workflowConfig:
              distributedExecution:
                enabled: true
                parallelism: 2
                chunkSize: 10
                runStore:
                  path: {store}
            """);
        return path;
    }

    [Fact]
    public async Task Resume_AfterKillMinus9AtRandomMoments_EndsWithTheCatalogOfAnUninterruptedRun()
    {
        var cleanCatalog = Path.Combine(_work, "clean-catalog");
        var clean = await CliProcess.RunAsync(_work, "ingest", "-c", WriteConfig("clean.yaml", cleanCatalog, Path.Combine(_work, "clean-store")), "--run-id", "clean");
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);
        var expected = CatalogSnapshot.Take(cleanCatalog);
        Assert.Equal(Tables, expected.Count);
        var steps = (await JournalReader.ReadAsync(new LocalDirectoryRunStore(Path.Combine(_work, "clean-store")), "clean", CancellationToken.None)).Entries.Count;
        var store = new LocalDirectoryRunStore(Path.Combine(_work, "store"));

        var random = new Random(4711);
        var interrupted = 0;
        for (var round = 0; round < 5; round++)
        {
            var catalog = Path.Combine(_work, $"catalog-{round}");
            var config = WriteConfig($"run-{round}.yaml", catalog, Path.Combine(_work, "store"));
            var runId = $"crash-{round}";
            using (var process = CliProcess.Start(_work, null, "ingest", "-c", config, "--run-id", runId))
            {
                _ = process.StandardError.ReadToEndAsync();
                // Kill once the run exists (its id is printed after the manifest is stored), at a random step of its
                // journal: from before discovery is recorded to the step before last, whatever the machine's speed.
                var line = await process.StandardOutput.ReadLineAsync();
                Assert.StartsWith("Run id:", line, StringComparison.Ordinal);
                _ = process.StandardOutput.ReadToEndAsync();
                await JournalProgress.WaitForStepsAsync(store, runId, random.Next(0, steps - 1), process);
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    interrupted++;
                }

                await process.WaitForExitAsync();
            }

            var resumed = await CliProcess.RunAsync(_work, "resume", runId, "--run-store", Path.Combine(_work, "store"));

            Assert.True(resumed.ExitCode == 0, $"round {round}: {resumed.Output}\n{resumed.Error}");
            var actual = CatalogSnapshot.Take(catalog);
            var differences = expected.Keys.Union(actual.Keys)
                .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
                .Take(5)
                .Select(k => $"{k}: expected {expected.GetValueOrDefault(k) ?? "(absent)"}, got {actual.GetValueOrDefault(k) ?? "(absent)"}")
                .ToList();
            Assert.True(differences.Count == 0, $"round {round}: the resumed catalog differs from the clean run's:\n{string.Join('\n', differences)}");
        }

        Assert.True(interrupted >= 3, $"only {interrupted} of 5 runs were killed mid-run; the dataset is too small to prove anything");
    }
}
