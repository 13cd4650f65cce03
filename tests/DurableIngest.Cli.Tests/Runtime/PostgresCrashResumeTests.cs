using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Runtime;

/// <summary>
/// kill -9 of a real <c>durable-ingest ingest</c> of a 10,000-table PostgreSQL database at random moments, then
/// <c>durable-ingest resume</c>: the catalog equals an uninterrupted run's byte for byte, on the local run store and on
/// the blob run store (Azurite), and no secret is in anything written. The kill delays come from a seed printed in the
/// test output; set <c>DURABLE_INGEST_CRASH_SEED</c> to replay one.
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed partial class PostgresCrashResumeTests : IClassFixture<TenThousandTableDatabase>, IClassFixture<AzuriteFixture>
{
    private const int Kills = 5;
    private const string PasswordVariable = "DI_CRASH_TEST_PG_PASSWORD";
    private readonly TenThousandTableDatabase _database;
    private readonly AzuriteServer _azurite;
    private readonly ITestOutputHelper _output;

    public PostgresCrashResumeTests(TenThousandTableDatabase database, AzuriteFixture azurite, ITestOutputHelper output)
    {
        _database = database;
        _azurite = azurite.Server;
        _output = output;
    }

    private static readonly string[] Secrets = [PostgresServer.Password, AzuriteServer.AccountKey];

    [Fact]
    public async Task Resume_AfterKillMinus9AtRandomMoments_LocalRunStoreWithLiteralPassword_EndsWithTheCatalogOfAnUninterruptedRun()
    {
        var store = Path.Combine(_database.Work, "local-store");
        var local = new RunStoreOptions { Path = store };
        await KillAndResumeAsync(
            "local",
            local,
            catalog =>
            {
                var config = _database.WriteConfig($"local-{Path.GetFileName(catalog)}.yaml", PostgresServer.Password, catalog, $"      path: {store}");
                // The scan finds the password where it is (the workflow file), so finding it nowhere else means something.
                Assert.NotEmpty(SecretScan.FindInText(config, File.ReadAllText(config), Secrets));
                return config;
            },
            environment: null,
            (runId, _, _) => ["resume", runId, "--run-store", store],
            ["--run-store", store]);
        Assert.Empty(SecretScan.Find([store], Secrets));
    }

    [Fact]
    public async Task Resume_AfterKillMinus9AtRandomMoments_BlobRunStoreWithPasswordFromTheEnvironment_EndsWithTheCatalogOfAnUninterruptedRun()
    {
        var container = AzuriteServer.NewContainerName("crash");
        var blob = new RunStoreOptions { Type = RunStoreOptions.BlobType, Account = BlobAccount.FromConnectionString(_azurite.ConnectionString), Container = container };
        var runStore = $"      type: blob\n      connectionString: '{_azurite.ConnectionString}'\n      container: {container}";
        var environment = new Dictionary<string, string> { [PasswordVariable] = PostgresServer.Password, ["AzureWebJobsStorage"] = _azurite.ConnectionString };
        await KillAndResumeAsync(
            "blob",
            blob,
            catalog => _database.WriteConfig($"blob-{Path.GetFileName(catalog)}.yaml", "${" + PasswordVariable + "}", catalog, runStore),
            environment,
            // Half the resumes find the store through the workflow file, half through the flag and AzureWebJobsStorage.
            (runId, config, round) => round % 2 == 0 ? ["resume", runId, "-c", config] : ["resume", runId, "--run-store-container", container],
            ["--run-store-container", container]);
        Assert.Empty(await SecretScan.FindInBlobsAsync(_azurite.Client().GetBlobContainerClient(container), string.Empty, Secrets, CancellationToken.None));
    }

    private async Task KillAndResumeAsync(
        string name,
        RunStoreOptions storeOptions,
        Func<string, string> writeConfig,
        IReadOnlyDictionary<string, string>? environment,
        Func<string, string, int, string[]> resumeArguments,
        string[] storeArguments)
    {
        var clean = await _database.CleanRunAsync();
        Assert.Equal(TenThousandTableDatabase.Shape.Tables, clean.Catalog.Count);
        Assert.Empty(clean.SecretsFound);
        var seed = Environment.GetEnvironmentVariable("DURABLE_INGEST_CRASH_SEED") is { } fixedSeed
            ? int.Parse(fixedSeed, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var random = new Random(seed);
        Log($"{name}: seed {seed} (replay with DURABLE_INGEST_CRASH_SEED={seed}); database built in {_database.BuildSeconds:F1} s; "
            + $"uninterrupted run {clean.Seconds:F1} s, {clean.JournalSteps} journaled steps");

        var runStore = RunStoreFactory.Create(storeOptions);
        using var disposable = runStore as IDisposable;
        var killed = 0;
        var total = Stopwatch.StartNew();
        string? lastRun = null;
        for (var attempt = 1; killed < Kills; attempt++)
        {
            Assert.True(attempt <= 2 * Kills, $"seed {seed}: only {killed} of {attempt - 1} runs could be killed before they finished");
            var runId = $"{name}-{attempt}";
            var catalog = Path.Combine(_database.Work, $"catalog-{runId}");
            var config = writeConfig(catalog);
            var outputs = new List<string>();

            // Kill at a random step of the run's journal: from before discovery is recorded to the step before last.
            var killAt = random.Next(0, clean.JournalSteps - 1);
            TimeSpan delay;
            using (var process = CliProcess.Start(_database.Work, environment, "ingest", "-c", config, "--run-id", runId))
            {
                var error = process.StandardError.ReadToEndAsync();
                var line = await process.StandardOutput.ReadLineAsync();
                if (line?.StartsWith("Run id:", StringComparison.Ordinal) != true)
                {
                    Assert.Fail($"seed {seed}, {runId}: the run did not start: {line}\n{await error}");
                }

                var output = process.StandardOutput.ReadToEndAsync();
                var started = Stopwatch.StartNew();
                await JournalProgress.WaitForStepsAsync(runStore, runId, killAt, process);
                delay = started.Elapsed;
                var exitedFirst = process.HasExited;
                if (!exitedFirst)
                {
                    process.Kill(entireProcessTree: true);
                }

                await process.WaitForExitAsync();
                outputs.Add(line + await output + await error);
                if (exitedFirst)
                {
                    Log($"{runId}: finished before the kill at step {killAt}; not counted (exit {process.ExitCode})");
                    DeleteIfExists(catalog);
                    continue;
                }
            }

            var journaled = (await DurableIngest.Cli.Runtime.JournalReader.ReadAsync(runStore, runId, CancellationToken.None)).Entries.Count;
            var catalogFiles = Directory.Exists(catalog) ? Directory.GetFiles(catalog, "*", SearchOption.AllDirectories).Length : 0;
            var resumeStarted = Stopwatch.StartNew();
            var resumed = await CliProcess.RunAsync(_database.Work, environment, resumeArguments(runId, config, killed));
            var resumeSeconds = resumeStarted.Elapsed.TotalSeconds;
            outputs.Add(resumed.Output + resumed.Error);
            Assert.True(resumed.ExitCode == 0, $"seed {seed}, {runId}: resume exited {resumed.ExitCode}\n{resumed.Output}\n{resumed.Error}");
            killed++;

            var replay = ReplayLine().Match(resumed.Error);
            Log($"{runId}: killed at step {killAt} ({delay.TotalSeconds:F2} s in) with {journaled}/{clean.JournalSteps} steps journaled and {catalogFiles:N0} catalog files; "
                + $"resume took {resumeSeconds:F1} s ({(replay.Success ? replay.Value : "no replay line")})");
            AssertSameCatalog(clean.Catalog, catalog, $"seed {seed}, {runId}");
            Assert.Empty(SecretScan.Find([catalog], Secrets));
            Assert.Empty(outputs.SelectMany(o => SecretScan.FindInText(runId + " output", o, Secrets)));
            DeleteIfExists(catalog);
            lastRun = runId;
        }

        var status = await CliProcess.RunAsync(_database.Work, environment, ["status", lastRun!, "--json", .. storeArguments]);
        Assert.True(status.ExitCode == 0, status.Output + status.Error);
        using var document = JsonDocument.Parse(status.Output);
        Assert.Equal("Completed", document.RootElement.GetProperty("runtimeStatus").GetString());
        Log($"{name}: {Kills} kills and resumes in {total.Elapsed.TotalSeconds:F1} s");
    }

    private static void AssertSameCatalog(SortedDictionary<string, string> expected, string catalog, string context)
    {
        var actual = CatalogSnapshot.Take(catalog);
        var missing = expected.Keys.Except(actual.Keys, StringComparer.Ordinal).ToList();
        var extra = actual.Keys.Except(expected.Keys, StringComparer.Ordinal).ToList();
        var different = expected.Keys.Intersect(actual.Keys, StringComparer.Ordinal).Where(k => expected[k] != actual[k]).ToList();
        Assert.True(
            missing.Count + extra.Count + different.Count == 0,
            $"{context}: the resumed catalog differs from the uninterrupted run's: {missing.Count} missing ({string.Join(", ", missing.Take(5))}), "
            + $"{extra.Count} extra ({string.Join(", ", extra.Take(5))}), {different.Count} different ({string.Join(", ", different.Take(5))})");
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private void Log(string message)
    {
        _output.WriteLine(message);
        Console.WriteLine(message);
    }

    [GeneratedRegex(@"\d+ steps replayed from the journal, \d+ executed")]
    private static partial Regex ReplayLine();
}
