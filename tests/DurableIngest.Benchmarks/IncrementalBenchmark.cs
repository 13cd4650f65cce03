using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Testing;
using Npgsql;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Incremental runs on the standard dataset, through the Release CLI into the file sink with one run store: a first
/// run (every table written), a second run (nothing changed), and a third after 1% of the tables are dropped. Then the
/// cost the chunk activity pays per table for incremental runs: <see cref="TableHash.Compute"/> over every table, in
/// process. Prints seconds, counts from each summary and the hash cost; asserts nothing.
/// </summary>
internal static class IncrementalBenchmark
{
    private const string Database = "bench";

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var repository = PostgresBenchmark.FindRepository();
        var cli = Path.Combine(repository, PostgresBenchmark.PublishedCli);
        if (options.BuildCli)
        {
            await PostgresBenchmark.BuildCliAsync(repository);
        }

        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions(), cancellationToken);
        await server.CreateDatabaseAsync(Database, cancellationToken);
        await PostgresDataset.BuildAsync(server, Database, options.Shape, Console.Error, cancellationToken);
        var work = Directory.CreateTempSubdirectory("di-bench-incremental-");
        try
        {
            var file = Path.Combine(work.FullName, "bench.yaml");
            await File.WriteAllTextAsync(file, Workflow(server, work.FullName), cancellationToken);
            Console.WriteLine();
            Console.WriteLine($"{options.Tables + options.Views:N0} entities ({options.Tables:N0} tables + {options.Views:N0} views), file sink, {Environment.ProcessorCount} cores");
            Console.WriteLine($"{"run",-34} {"seconds",8} {"created",8} {"updated",8} {"unchanged",10} {"deleted",8}");
            await RunAsync(cli, file, work.FullName, "first run (every table new)");
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                await RunAsync(cli, file, work.FullName, $"unchanged run #{repetition}");
            }

            var dropped = await DropOnePercentAsync(server, options, cancellationToken);
            await RunAsync(cli, file, work.FullName, $"after {dropped} tables dropped");
            await MeasureHashingAsync(file, cancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        return 0;
    }

    private static async Task RunAsync(string cli, string file, string work, string label)
    {
        var runId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        var run = await ChildRun.RunAsync(cli, ["ingest", "-c", file, "--run-id", runId], new Dictionary<string, string> { ["NO_COLOR"] = "1", ["TERM"] = "dumb" }, work);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{label} failed: exit code {run.ExitCode}{Environment.NewLine}{run.Output}");
        }

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "runs", "runs", runId, "summary.json")));
        var root = summary.RootElement;
        int Count(string name) => root.GetProperty(name).GetInt32();
        Console.WriteLine($"{label,-34} {run.Seconds,8:F2} {Count("created"),8:N0} {Count("updated"),8:N0} {Count("unchanged"),10:N0} {Count("deleted"),8:N0}");
    }

    // Odd-numbered tables are referenced by no foreign key and no view, so they drop without touching another table.
    private static async Task<int> DropOnePercentAsync(PostgresServer server, BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var count = Math.Max(1, options.Tables / 100);
        await using var connection = new NpgsqlConnection(server.ConnectionString(Database));
        await connection.OpenAsync(cancellationToken);
        var names = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE tablename ~ '^t[0-9]*[13579]$' ORDER BY tablename DESC, schemaname LIMIT $1", connection))
        {
            command.Parameters.AddWithValue(count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
            }
        }

        await using (var drop = new NpgsqlCommand($"DROP TABLE {string.Join(", ", names)};", connection))
        {
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        return names.Count;
    }

    private static async Task MeasureHashingAsync(string file, CancellationToken cancellationToken)
    {
        var config = new WorkflowConfigLoader(BuiltInConnectors.Create()).LoadFile(file);
        await using var source = BuiltInConnectors.Create().GetSource(config.Source.Type).Create(config.Source, new ConnectorContext { RunId = "hash" });
        var discovery = await source.DiscoverAsync(cancellationToken);
        var tables = new List<TableMetadata>();
        foreach (var chunk in discovery.Entities.Chunk(500))
        {
            tables.AddRange((await source.ReadChunkAsync(chunk, cancellationToken)).Select(r => r.Table).OfType<TableMetadata>());
        }

        var samples = new List<double>();
        for (var repetition = 0; repetition < 5; repetition++)
        {
            // Fresh instances: the hash is remembered per instance, and this measures computing it.
            var copies = tables.Select(t => t with { }).ToList();
            var stopwatch = Stopwatch.StartNew();
            foreach (var table in copies)
            {
                TableHash.Compute(table);
            }

            samples.Add(stopwatch.Elapsed.TotalSeconds);
        }

        var seconds = PostgresBenchmark.Median(samples);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"TableHash.Compute over {tables.Count:N0} tables: {seconds * 1000:F0} ms (median of 5), {seconds * 1e6 / tables.Count:F1} µs per table, one thread"));
    }

    private static string Workflow(PostgresServer server, string work) => PostgresBenchmark.Workflow(server.Port, work);
}
