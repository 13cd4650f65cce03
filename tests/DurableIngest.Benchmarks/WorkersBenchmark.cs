using System.Diagnostics;
using System.Globalization;
using System.Text;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;
using DurableIngest.Storage.Blob;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Benchmarks;

/// <summary>
/// <c>workers [--tables 10000] [--workers 1,2,4] [--chunk-size 100] [--parallelism 8] [--repetitions 1]</c>: the same
/// PostgreSQL database ingested in process (the local runtime) and on a task hub (Azurite: blob, queue, table) by 1, 2
/// and 4 <c>durable-ingest worker</c> processes on this machine, each run started and followed by
/// <c>ingest --task-hub</c>. Both run the CLI as built (JIT), the way the worker runs (see README, "Scale out"). Prints seconds (the client's wall clock, start to summary), entities/s, the ratio to the
/// in-process run, and the share of the hub run's time that is the engine's: (hub − in-process) / hub, what the
/// same work costs more when it goes through queues, tables and history. Asserts nothing.
/// </summary>
internal static class WorkersBenchmark
{
    private const string Database = "bench";

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var workerCounts = options.Workers.Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList();
        var chunkSize = options.ChunkSize ?? 100;
        var parallelism = options.Parallelism ?? 8;
        await using var server = await PostgresServer.StartAsync(new PostgresServerOptions { SharedBuffers = "512MB" }, cancellationToken);
        await server.CreateDatabaseAsync(Database, cancellationToken);
        var shape = options.Shape;
        await PostgresDataset.BuildAsync(server, Database, shape, Console.Error, cancellationToken);
        using var azurite = AzuriteServer.StartWithQueuesAndTables();
        var work = Directory.CreateTempSubdirectory("di-bench-workers-");
        var environment = new Dictionary<string, string> { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["NO_COLOR"] = "1", ["TERM"] = "dumb" };
        Console.WriteLine();
        Console.WriteLine($"{shape.Entities:N0} entities ({shape.Tables:N0} tables + {shape.Views:N0} views), chunks of {chunkSize}, {parallelism} in flight, "
            + $"{Environment.ProcessorCount} cores shared by PostgreSQL, Azurite, the workers and the client; JIT build");
        var results = new List<(string Label, double Seconds, double RunSeconds)>();
        try
        {
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                var local = await InProcessAsync(server.Port, work, chunkSize, parallelism, shape.Entities, repetition, cancellationToken);
                results.Add(("in process", local.Seconds, local.RunSeconds));
                Console.WriteLine($"rep {repetition} in process: {local.Seconds:F2} s (run {local.RunSeconds:F2} s)");
                foreach (var count in workerCounts)
                {
                    var hub = await OnHubAsync(server.Port, azurite, environment, work, chunkSize, parallelism, count, shape.Entities, repetition, cancellationToken);
                    results.Add(($"{count} worker{(count == 1 ? string.Empty : "s")}", hub.Seconds, hub.RunSeconds));
                    Console.WriteLine($"rep {repetition} {count} worker(s): {hub.Seconds:F2} s (run {hub.RunSeconds:F2} s)");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var baseline = Median(results.Where(r => r.Label == "in process").Select(r => r.Seconds));
        Console.WriteLine();
        Console.WriteLine($"{"",-14} {"median s",10} {"run s",8} {"entities/s",12} {"× in-process",13} {"engine share",13}");
        foreach (var group in results.GroupBy(r => r.Label))
        {
            var seconds = Median(group.Select(r => r.Seconds));
            var run = Median(group.Select(r => r.RunSeconds));
            var share = group.Key == "in process" ? "-" : $"{Math.Max(0, (seconds - baseline) / seconds) * 100:F0} %";
            Console.WriteLine($"{group.Key,-14} {seconds,10:F2} {run,8:F2} {shape.Entities / seconds,12:N0} {seconds / baseline,13:F2} {share,13}");
        }

        Console.WriteLine("seconds: the client's wall clock, start to summary; run s: the run's own duration (summary.json, first orchestration step to completion).");
        return 0;
    }

    private static async Task<(double Seconds, double RunSeconds)> InProcessAsync(
        int port, DirectoryInfo work, int chunkSize, int parallelism, int entities, int repetition, CancellationToken cancellationToken)
    {
        var folder = work.CreateSubdirectory($"local-{repetition}");
        var config = Path.Combine(folder.FullName, "bench.yaml");
        await File.WriteAllTextAsync(config, PostgresBenchmark.Workflow(port, folder.FullName), cancellationToken);
        var stopwatch = Stopwatch.StartNew();
        var result = await CliProcess.RunAsync(folder.FullName, "ingest", "-c", config, "--run-id", "bench", "--chunk-size", $"{chunkSize}", "--parallelism", $"{parallelism}");
        var seconds = stopwatch.Elapsed.TotalSeconds;
        Check(result, folder, entities, "in process");
        var summary = RunStoreJson.Deserialize<RunSummary>(await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "runs", RunKeys.Summary("bench")), cancellationToken), "summary");
        return (seconds, summary.DurationSeconds);
    }

    private static async Task<(double Seconds, double RunSeconds)> OnHubAsync(
        int port, AzuriteServer azurite, Dictionary<string, string> environment, DirectoryInfo work, int chunkSize, int parallelism, int count, int entities, int repetition, CancellationToken cancellationToken)
    {
        var hub = $"bench{count}r{repetition}{Guid.NewGuid():N}"[..20];
        var folder = work.CreateSubdirectory(hub);
        var config = Path.Combine(folder.FullName, "bench.yaml");
        await File.WriteAllTextAsync(config, PostgresBenchmark.Workflow(port, folder.FullName), cancellationToken);
        var workers = new List<Process>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                workers.Add(await StartWorkerAsync(folder.FullName, environment, hub));
            }

            var stopwatch = Stopwatch.StartNew();
            var result = await CliProcess.RunAsync(folder.FullName, environment, "ingest", "-c", config, "--task-hub", hub, "--run-id", hub, "--chunk-size", $"{chunkSize}", "--parallelism", $"{parallelism}");
            var seconds = stopwatch.Elapsed.TotalSeconds;
            Check(result, folder, entities, hub);
            using var store = new BlobRunStore(BlobAccount.FromConnectionString(azurite.ConnectionString), "durable-ingest");
            var summary = await store.ReadRequiredAsync<RunSummary>(RunKeys.Summary(hub), cancellationToken);
            return (seconds, summary.DurationSeconds);
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Kill(entireProcessTree: true);
                await worker.WaitForExitAsync(cancellationToken);
                worker.Dispose();
            }
        }
    }

    private static async Task<Process> StartWorkerAsync(string folder, Dictionary<string, string> environment, string hub)
    {
        var process = CliProcess.Start(folder, environment, "worker", "--task-hub", hub, "--max-polling-interval", "0.5");
        var output = new StringBuilder();
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data?.Contains("on task hub", StringComparison.Ordinal) == true)
            {
                joined.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Task.WhenAny(joined.Task, Task.Delay(TimeSpan.FromMinutes(2)));
        if (!joined.Task.IsCompleted)
        {
            throw new InvalidOperationException($"worker on {hub} exited {process.ExitCode}: {output}");
        }

        return process;
    }

    private static void Check(CliProcess.Result result, DirectoryInfo folder, int entities, string label)
    {
        var catalog = Path.Combine(folder.FullName, "catalog");
        var written = Directory.Exists(catalog) ? Directory.EnumerateFiles(catalog, "*.json", SearchOption.AllDirectories).Count() : 0;
        if (result.ExitCode != 0 || written != entities)
        {
            throw new InvalidOperationException($"{label} failed: exit code {result.ExitCode}, {written} of {entities} documents written.{Environment.NewLine}{result.Output}{result.Error}");
        }
    }

    private static double Median(IEnumerable<double> values) => PostgresBenchmark.Median(values);
}
