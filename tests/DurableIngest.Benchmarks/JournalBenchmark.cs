using System.Diagnostics;
using DurableIngest.Cli;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Benchmarks;

/// <summary>
/// What journaling costs on the local runtime, local directory run store against the in-memory one, side by side,
/// repeated, medians: (a) journaled no-op activities per second, one at a time and with a window in flight;
/// (b) the 10,000-table PostgreSQL ingest in process. Prints figures; asserts nothing.
/// </summary>
internal static class JournalBenchmark
{
    private const string NoOp = "NoOp";
    private const string Database = "bench";

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores; local run store under {StoreRoot}");
        if (options.Measures('a'))
        {
            await NoOpActivitiesAsync(options, cancellationToken);
        }

        if (options.Measures('b'))
        {
            await IngestAsync(options, cancellationToken);
        }

        return 0;
    }

    private static async Task NoOpActivitiesAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine($"(a) {options.Activities:N0} journaled no-op activities per run, {options.Repetitions} runs each, median");
        Console.WriteLine($"{"in flight",10} {"local dir /s",14} {"in-memory /s",14} {"local µs/activity",18}");
        // One unmeasured run per store first: JIT and file-system caches.
        await NoOpRunAsync(Local(), Math.Min(options.Activities, 2_000), 8, cancellationToken);
        await NoOpRunAsync(new InMemoryRunStore(), Math.Min(options.Activities, 2_000), 8, cancellationToken);
        foreach (var window in new[] { 1, 8 })
        {
            var local = new List<double>();
            var memory = new List<double>();
            for (var repetition = 0; repetition < options.Repetitions; repetition++)
            {
                local.Add(await NoOpRunAsync(Local(), options.Activities, window, cancellationToken));
                memory.Add(await NoOpRunAsync(new InMemoryRunStore(), options.Activities, window, cancellationToken));
            }

            var localSeconds = Median(local);
            Console.WriteLine($"{window,10} {options.Activities / localSeconds,14:N0} {options.Activities / Median(memory),14:N0} {localSeconds * 1e6 / options.Activities,18:F1}");
        }

        Console.WriteLine("target: >= 5,000 journaled activities/s on the local store");
    }

    private static LocalDirectoryRunStore Local() => new(StoreFolder("di-journal-").FullName);

    /// <summary>Where local run stores go: DURABLE_INGEST_BENCH_STORE_DIR when set (another disk, a tmpfs), else the temp folder.</summary>
    private static string StoreRoot => Environment.GetEnvironmentVariable("DURABLE_INGEST_BENCH_STORE_DIR") is { Length: > 0 } root ? root : Path.GetTempPath();

    private static DirectoryInfo StoreFolder(string prefix) => Directory.CreateDirectory(Path.Combine(StoreRoot, prefix + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>One run of <paramref name="activities"/> no-op activities, <paramref name="window"/> in flight; returns seconds.</summary>
    private static async Task<double> NoOpRunAsync(IRunStore store, int activities, int window, CancellationToken cancellationToken)
    {
        try
        {
            await using var services = CliServices.Create(store, LogLevel.Warning);
            services.Runtime.Activities.Register<int, int>(NoOp, (value, _) => Task.FromResult(value));
            var stopwatch = Stopwatch.StartNew();
            var result = await services.Runtime.RunAsync(
                "noop", services.Time.GetUtcNow().UtcDateTime, NoOpOrchestrationAsync, new NoOpRequest(activities, window), _ => RunStatus.Completed, null, cancellationToken);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            if (result.Completed != activities)
            {
                throw new InvalidOperationException($"{result.Completed} of {activities} no-op activities completed");
            }

            return seconds;
        }
        finally
        {
            if (store is LocalDirectoryRunStore local)
            {
                Directory.Delete(local.Root, recursive: true);
            }
        }
    }

    private static async Task<NoOpResult> NoOpOrchestrationAsync(IOrchestrationContext context, NoOpRequest request)
    {
        var inFlight = new List<Task<int>>(request.Window);
        var completed = 0;
        for (var i = 0; i < request.Activities; i++)
        {
            if (inFlight.Count == request.Window)
            {
                var done = await Task.WhenAny(inFlight);
                inFlight.Remove(done);
                await done;
                completed++;
            }

            inFlight.Add(context.CallActivityAsync<int>(NoOp, i));
        }

        await Task.WhenAll(inFlight);
        return new NoOpResult(completed + inFlight.Count);
    }

    private static async Task IngestAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var serverOptions = new PostgresServerOptions { SharedBuffers = "512MB" };
        await using var server = await PostgresServer.StartAsync(serverOptions, cancellationToken);
        await server.CreateDatabaseAsync(Database, cancellationToken);
        await PostgresDataset.BuildAsync(server, Database, options.Shape, Console.Error, cancellationToken);
        var entities = options.Shape.Entities;
        Console.WriteLine();
        Console.WriteLine($"(b) PostgreSQL ingest in process, {entities:N0} entities ({options.Tables:N0} tables + {options.Views:N0} views), "
            + $"chunk size {options.ChunkSize ?? 200}, parallelism {options.Parallelism ?? 2 * Environment.ProcessorCount}, file sink; {options.Repetitions} runs each, median");
        // Warm-up (JIT, server and file caches), not counted: one run on each store.
        await IngestOnceAsync(server, new InMemoryRunStore(), options, entities, cancellationToken);
        var warm = StoreFolder("di-journal-warm-");
        await IngestOnceAsync(server, new LocalDirectoryRunStore(warm.FullName), options, entities, cancellationToken);
        warm.Delete(recursive: true);
        var local = new List<double>();
        var memory = new List<double>();
        var cpu = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        var reports = new Dictionary<bool, string>();
        var storeShares = new Dictionary<bool, List<double>> { [true] = [], [false] = [] };
        for (var repetition = 1; repetition <= options.Repetitions; repetition++)
        {
            // Alternate which store goes first, so neither always runs on a warmer cache.
            foreach (var useLocal in repetition % 2 == 1 ? new[] { true, false } : [false, true])
            {
                var work = StoreFolder("di-journal-ingest-");
                try
                {
                    var store = MeasuredRunStore.Around(useLocal ? new LocalDirectoryRunStore(work.FullName) : new InMemoryRunStore());
                    var (seconds, cpuSeconds, runId) = await IngestOnceAsync(server, store, options, entities, cancellationToken);
                    (useLocal ? local : memory).Add(seconds);
                    cpu[useLocal].Add(cpuSeconds);
                    var journal = await JournalReader.ReadAsync(store, runId, cancellationToken);
                    var measured = store as MeasuredRunStore ?? ((MeasuredDocumentStore)store).Measured;
                    reports[useLocal] = $"{journal.Entries.Count} journaled steps; store calls: {measured.Report()}";
                    storeShares[useLocal].Add(measured.Seconds / seconds);
                    Console.WriteLine($"  rep {repetition} {(useLocal ? "local dir " : "in-memory ")} {seconds,7:F2} s, {cpuSeconds,6:F2} s CPU, {measured.Seconds,5:F2} s in store calls");
                }
                finally
                {
                    work.Delete(recursive: true);
                }
            }
        }

        var localMedian = Median(local);
        var memoryMedian = Median(memory);
        var localCpu = Median(cpu[true]);
        var memoryCpu = Median(cpu[false]);
        Console.WriteLine($"{"run store",-22} {"median s",10} {"entities/s",12} {"median CPU s",14} {"store calls / run time",24}");
        Console.WriteLine($"{"local directory",-22} {localMedian,10:F2} {entities / localMedian,12:N0} {localCpu,14:F2} {Median(storeShares[true]) * 100,22:F1} %");
        Console.WriteLine($"{"in-memory",-22} {memoryMedian,10:F2} {entities / memoryMedian,12:N0} {memoryCpu,14:F2} {Median(storeShares[false]) * 100,22:F1} %");
        Console.WriteLine($"journaling overhead (target <= 10 %): {(localMedian - memoryMedian) / memoryMedian * 100:+0.0;-0.0} % wall time, "
            + $"{(localCpu - memoryCpu) / memoryCpu * 100:+0.0;-0.0} % CPU time of this process; time in local store calls, summed over the "
            + $"{options.Parallelism ?? 2 * Environment.ProcessorCount} workers: {Median(storeShares[true]) * 100:F1} % of the run (an upper bound of what the store can cost it)");
        Console.WriteLine($"last local run: {reports[true]}");
        Console.WriteLine($"last in-memory run: {reports[false]}");
        Console.WriteLine("(store call times are summed over concurrent callers)");
    }

    private static async Task<(double Seconds, double CpuSeconds, string RunId)> IngestOnceAsync(PostgresServer server, IRunStore store, BenchmarkOptions options, int entities, CancellationToken cancellationToken)
    {
        var catalog = Directory.CreateTempSubdirectory("di-journal-catalog-");
        try
        {
            var yaml = PostgresBenchmark.Workflow(server.Port, catalog.FullName);
            await using var services = CliServices.Create(store, LogLevel.Warning);
            var config = CliServices.CreateLoader().Load(yaml, "journal-benchmark.yaml");
            var runId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            // Each run starts from a collected heap, so one run's garbage is not collected during the next.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await services.Starter.CreateAsync(runId, config, null, new RunOverrides(options.Parallelism, options.ChunkSize), cancellationToken);
            var result = await services.Runtime.RunIngestionAsync(runId, null, cancellationToken);
            var seconds = stopwatch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            if (result.Succeeded != entities)
            {
                throw new InvalidOperationException($"the ingest ended {result.Status} with {result.Succeeded} of {entities} entities");
            }

            return (seconds, cpuSeconds, runId);
        }
        finally
        {
            catalog.Delete(recursive: true);
        }
    }

    private static double Median(List<double> values) => PostgresBenchmark.Median(values);

    private sealed record NoOpRequest(int Activities, int Window);

    private sealed record NoOpResult(int Completed);
}
