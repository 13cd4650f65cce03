using System.Diagnostics;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>
/// A 10,000-table PostgreSQL database (the standard benchmark dataset without views), built once per test class on the
/// shared test server, and the catalog an uninterrupted <c>durable-ingest ingest</c> writes from it (computed once).
/// </summary>
public sealed class TenThousandTableDatabase : IAsyncLifetime
{
    public static readonly DatasetShape Shape = new(Tables: 10_000, Schemas: 20, Views: 0);

    private readonly Lazy<Task<CleanRun>> _cleanRun;

    public TenThousandTableDatabase() => _cleanRun = new(RunCleanAsync);

    public PostgresServer Server { get; private set; } = null!;

    public string Database { get; } = $"tables10k_{Guid.NewGuid():N}"[..20];

    public string Work { get; } = Directory.CreateTempSubdirectory("di-pg10k-").FullName;

    public double BuildSeconds { get; private set; }

    /// <summary>The catalog of an uninterrupted run (SHA-256 per relative path) and how long that run took.</summary>
    public Task<CleanRun> CleanRunAsync() => _cleanRun.Value;

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        var stopwatch = Stopwatch.StartNew();
        await Server.CreateDatabaseAsync(Database);
        await PostgresDataset.BuildAsync(Server, Database, Shape, log: null, CancellationToken.None);
        BuildSeconds = stopwatch.Elapsed.TotalSeconds;
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(Work, recursive: true);
        await Server.ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {PostgresServer.QuoteIdentifier(Database)} WITH (FORCE)");
    }

    /// <summary>A workflow file reading this database as the password user, into <paramref name="catalog"/>.</summary>
    public string WriteConfig(string name, string password, string catalog, string runStore)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllText(path, $"""
            source:
              type: postgres
              serviceName: pg10k
              serviceConnection:
                config:
                  type: Postgres
                  username: {PostgresServer.PasswordUser}
                  authType:
                    password: {password}
                  hostPort: {Server.HostPort}
                  database: {Database}
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
                parallelism: 4
                chunkSize: 100
                runStore:
            {runStore}
            """);
        return path;
    }

    private async Task<CleanRun> RunCleanAsync()
    {
        var catalog = Path.Combine(Work, "clean-catalog");
        var config = WriteConfig("clean.yaml", PostgresServer.Password, catalog, $"      path: {Path.Combine(Work, "clean-store")}");
        var stopwatch = Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(Work, "ingest", "-c", config, "--run-id", "clean");
        var seconds = stopwatch.Elapsed.TotalSeconds;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the uninterrupted run failed (exit {result.ExitCode}):\n{result.Output}\n{result.Error}");
        }

        var snapshot = CatalogSnapshot.Take(catalog);
        var secretsFound = SecretScan.Find([catalog, Path.Combine(Work, "clean-store")], [PostgresServer.Password]);
        var steps = (await JournalReader.ReadAsync(new LocalDirectoryRunStore(Path.Combine(Work, "clean-store")), "clean", CancellationToken.None)).Entries.Count;
        Directory.Delete(catalog, recursive: true);
        return new CleanRun(snapshot, seconds, steps, secretsFound);
    }

    public sealed record CleanRun(SortedDictionary<string, string> Catalog, double Seconds, int JournalSteps, IReadOnlyList<string> SecretsFound);
}
