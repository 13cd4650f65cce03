using System.Diagnostics;
using System.Globalization;
using DurableIngest.Testing;

namespace DurableIngest.DurableTask.Tests.Hosting;

/// <summary>
/// What the worker tests share, built once per test class: a PostgreSQL database of the standard many-table dataset
/// (<see cref="Shape"/>), a private Azurite with blob, queue and table services (ports and data folder of its own, so
/// test projects running side by side never meet), and the catalog an in-process run writes from the database.
/// The tests use the 10,000 tables (200 chunks of 50; built in ~16 s, each hub run ~35 s here);
/// <c>DURABLE_INGEST_SCALE_OUT_TABLES</c> overrides the count (a smaller one for a quick local loop).
/// </summary>
public sealed class ScaleOutDatabase : IAsyncLifetime
{
    public const string PasswordVariable = "DI_SCALE_OUT_PG_PASSWORD";
    public const int ChunkSize = 50;

    public static readonly DatasetShape Shape = new(
        Tables: int.TryParse(Environment.GetEnvironmentVariable("DURABLE_INGEST_SCALE_OUT_TABLES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tables) ? tables : 10_000,
        Schemas: 10,
        Views: 0);

    private readonly Lazy<Task<InProcessRun>> _inProcess;

    public ScaleOutDatabase() => _inProcess = new(RunInProcessAsync);

    public static int Chunks => (Shape.Tables + ChunkSize - 1) / ChunkSize;

    public PostgresServer Server { get; private set; } = null!;

    public AzuriteServer Azurite { get; private set; } = null!;

    public string Database { get; } = $"scaleout_{Guid.NewGuid():N}"[..20];

    public string Work { get; } = Directory.CreateTempSubdirectory("di-scaleout-").FullName;

    public double BuildSeconds { get; private set; }

    /// <summary>The environment of every process a test starts: the hub's storage and the source password.</summary>
    public IReadOnlyDictionary<string, string> ProcessEnvironment => new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        [PasswordVariable] = PostgresServer.Password,
    };

    /// <summary>The catalog of an in-process (local runtime) run of the same workflow, SHA-256 per relative path.</summary>
    public Task<InProcessRun> InProcessAsync() => _inProcess.Value;

    public async Task InitializeAsync()
    {
        Azurite = AzuriteServer.StartWithQueuesAndTables();
        Server = await PostgresServer.SharedAsync();
        var stopwatch = Stopwatch.StartNew();
        await Server.CreateDatabaseAsync(Database);
        await PostgresDataset.BuildAsync(Server, Database, Shape, log: null, CancellationToken.None);
        BuildSeconds = stopwatch.Elapsed.TotalSeconds;
    }

    public async Task DisposeAsync()
    {
        Azurite.Dispose();
        Directory.Delete(Work, recursive: true);
        await Server.ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS {PostgresServer.QuoteIdentifier(Database)} WITH (FORCE)");
    }

    /// <summary>A workflow file reading the database as the password user (password from <see cref="PasswordVariable"/>) into <paramref name="catalog"/>.</summary>
    public string WriteConfig(string name, string catalog)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllText(path, $$"""
            source:
              type: postgres
              serviceName: scaleout
              serviceConnection:
                config:
                  type: Postgres
                  username: {{PostgresServer.PasswordUser}}
                  authType:
                    password: ${{{PasswordVariable}}}
                  hostPort: {{Server.HostPort}}
                  database: {{Database}}
                  sslMode: disable
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: {{catalog}}
            workflowConfig:
              loggerLevel: INFO
              distributedExecution:
                enabled: true
                parallelism: 6
                chunkSize: {{ChunkSize}}
                runStore:
                  path: {{Path.Combine(Work, "local-store")}}
            """);
        return path;
    }

    private async Task<InProcessRun> RunInProcessAsync()
    {
        var catalog = Path.Combine(Work, "in-process-catalog");
        var config = WriteConfig("in-process.yaml", catalog);
        var stopwatch = Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(Work, ProcessEnvironment, "ingest", "-c", config, "--run-id", "in-process");
        var seconds = stopwatch.Elapsed.TotalSeconds;
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"the in-process run failed (exit {result.ExitCode}):\n{result.Output}\n{result.Error}");
        }

        var snapshot = CatalogSnapshot.Take(catalog);
        Directory.Delete(catalog, recursive: true);
        return new InProcessRun(snapshot, seconds);
    }

    public sealed record InProcessRun(SortedDictionary<string, string> Catalog, double Seconds);
}
