using System.Diagnostics;
using System.Globalization;
using DurableIngest.Testing;
using Npgsql;

namespace DurableIngest.Benchmarks;

/// <summary>
/// Builds the standard dataset on a throwaway server, then measures side by side, repeated, medians:
/// (a) <c>durable-ingest ingest</c> end to end into the file sink, (b) an inspector-style per-table reflector,
/// (c) <c>pg_dump --schema-only</c>; with <c>--stragglers</c>, (s): (a) again with one chunk in 20 made ten times slower,
/// and (u): the same with hedging off (<c>hedgeSlowChunks: 0</c>);
/// with <c>--file-systems tmpfs,disk</c>, all of it on each. Prints (a)'s start-up, seconds, entities/s, peak RSS and
/// ratios; asserts nothing.
/// Every output is kept until all repetitions are done: deleting 10,500 files right before the next repetition
/// creates its files made that repetition pay for the deletion (on a journal-less ext4, new inodes are allocated
/// around recently deleted ones, which cost seconds of kernel time; README).
/// </summary>
internal static class PostgresBenchmark
{
    private const string Database = "bench";

    /// <summary>
    /// Where <see cref="BuildCliAsync"/> publishes the CLI, relative to the repository: the README's install build, Native
    /// AOT (publish profile Native); <c>--cli-profile Precompiled</c> measures the JIT build (composite ReadyToRun) instead.
    /// </summary>
    internal const string PublishedCli = "artifacts/cli/durable-ingest";

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var repository = FindRepository();
        // (a) runs the CLI as it is installed: published, precompiled (see README, "Install").
        var cli = Path.Combine(repository, PublishedCli);
        if (options.BuildCli && (options.Measures('a') || options.Sweep is not null))
        {
            await BuildCliAsync(repository, options.CliProfile);
        }

        var serverOptions = new PostgresServerOptions
        {
            // pg_dump locks every table and view in one transaction.
            MaxLocksPerTransaction = Math.Max(256, ((options.Tables + options.Views) / 150) + 64),
            SharedBuffers = "512MB",
        };
        await using var server = await PostgresServer.StartAsync(serverOptions, cancellationToken);
        await server.CreateDatabaseAsync(Database, cancellationToken);
        await PostgresDataset.BuildAsync(server, Database, options.Shape, Console.Error, cancellationToken);
        var entities = options.Tables + options.Views;
        if (options.Serve)
        {
            Console.WriteLine($"serving {server.ConnectionString(Database)} (pid {Environment.ProcessId}); stop with kill");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (options.Explain)
        {
            await ExplainReport.RunAsync(server, Database, cancellationToken);
        }

        await using var proxy = options.LatencyMs > 0 ? new LatencyProxy(server.Port, options.LatencyMs) : null;
        var port = proxy?.Port ?? server.Port;
        Console.WriteLine();
        Console.WriteLine($"PostgreSQL {await ServerVersionAsync(server)}, {entities:N0} entities ({options.Tables:N0} tables + {options.Views:N0} views), "
            + $"latency {(options.LatencyMs > 0 ? $"+{options.LatencyMs} ms per round trip for (a) and (b)" : "loopback")}, {Environment.ProcessorCount} cores");

        if (options.Measures('a') && File.Exists(cli))
        {
            var startups = new List<ChildRun>();
            for (var i = 0; i < 5; i++)
            {
                startups.Add(await ChildRun.RunAsync(cli, ["--version"]));
            }

            Console.WriteLine($"(a) {options.CliProfile} build; start-up, `durable-ingest --version` to exit: {Median(startups.Select(r => r.Seconds)) * 1000:F0} ms median of 5, peak RSS {Median(startups.Select(r => (double)r.PeakRssKb)) / 1024:F0} MB ({Path.GetRelativePath(repository, cli)})");
        }

        var roots = options.FileSystems is { } fileSystems
            ? fileSystems.Split(',').Select(f => f.Trim() switch
            {
                "tmpfs" => "/dev/shm",
                "disk" => options.WorkDirectory ?? Path.GetTempPath(),
                var other => other,
            }).ToList()
            : [options.WorkDirectory ?? Path.GetTempPath()];
        if (options.Sweep is not null)
        {
            var outputs = Directory.CreateDirectory(Path.Combine(roots[0], "di-bench-" + Path.GetRandomFileName()));
            try
            {
                await SweepAsync(cli, port, options, entities, outputs);
            }
            finally
            {
                outputs.Delete(recursive: true);
            }

            return 0;
        }

        // The reflectors write nothing: they are measured once, on the first file system, and compared on every one.
        var reflectors = new Dictionary<char, double>();
        foreach (var root in roots)
        {
            await MeasureAsync(server, cli, port, options, entities, root, reflectors);
        }

        return 0;
    }

    private static async Task MeasureAsync(
        PostgresServer server, string cli, int port, BenchmarkOptions options, int entities, string root, Dictionary<char, double> reflectors)
    {
        var outputs = Directory.CreateDirectory(Path.Combine(root, "di-bench-" + Path.GetRandomFileName()));
        Console.WriteLine();
        Console.WriteLine($"outputs in {outputs.FullName} ({FileSystemOf(outputs.FullName)})");
        var runs = new Dictionary<char, List<ChildRun>> { ['a'] = [], ['p'] = [], ['s'] = [], ['u'] = [], ['b'] = [], ['m'] = [], ['c'] = [] };
        var stragglers = new List<(int Chunks, double DelaySeconds)>();
        var meter = ServerCpu.Of(server, Database);
        Task<ChildRun> Measured(Func<Task<ChildRun>> side) => meter is null ? side() : meter.MeasureAsync(side);
        try
        {
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                if (options.Measures('a'))
                {
                    var work = outputs.CreateSubdirectory($"a-{repetition}");
                    runs['a'].Add(await Measured(() => RunIngestAsync(cli, port, options.ChunkSize, options.Parallelism, entities, work)));
                    Report($"rep {repetition} (a)", runs['a'][^1], entities);
                    PrintDiagnostics(runs['a'][^1]);
                    if (options.Stragglers)
                    {
                        // The proxy's own cost, nothing held: every byte of (s) and (u) passes through this process.
                        await using (var passThrough = new StragglerProxy(port, TimeSpan.Zero))
                        {
                            runs['p'].Add(await RunIngestAsync(
                                cli, passThrough.Port, options.ChunkSize, options.Parallelism, entities, outputs.CreateSubdirectory($"p-{repetition}")));
                            Report($"rep {repetition} (p) through the proxy, nothing held", runs['p'][^1], entities);
                        }

                        // A straggler chunk takes ten times the median chunk of the run just measured: held 9× that.
                        var delay = TimeSpan.FromSeconds(9 * MedianChunkSeconds(work));
                        await using var proxy = new StragglerProxy(port, delay);
                        // Logged at INFO to count the hedged chunks (one line each, and a few per run).
                        runs['s'].Add(await RunIngestAsync(
                            cli, proxy.Port, options.ChunkSize, options.Parallelism, entities, outputs.CreateSubdirectory($"s-{repetition}"), options.HedgeSlowChunks, loggerLevel: "INFO"));
                        stragglers.Add((proxy.Stragglers, delay.TotalSeconds));
                        var hedged = runs['s'][^1].Output.Split('\n').Count(l => l.Contains("a second attempt starts beside it", StringComparison.Ordinal));
                        Report($"rep {repetition} (s) {proxy.Stragglers} of {proxy.Chunks} chunks held {delay.TotalMilliseconds:F0} ms, {hedged} hedged", runs['s'][^1], entities);

                        // The same stragglers with hedging off: what the hedged second attempts save.
                        await using var unhedged = new StragglerProxy(port, delay);
                        runs['u'].Add(await RunIngestAsync(
                            cli, unhedged.Port, options.ChunkSize, options.Parallelism, entities, outputs.CreateSubdirectory($"u-{repetition}"), hedgeSlowChunks: 0));
                        Report($"rep {repetition} (u) {unhedged.Stragglers} of {unhedged.Chunks} chunks held, not hedged", runs['u'][^1], entities);
                    }
                }

                foreach (var (key, style) in new[] { ('b', ReflectorStyle.OpenMetadata), ('m', ReflectorStyle.Minimal) })
                {
                    if (options.Measures(key) && !reflectors.ContainsKey(key))
                    {
                        runs[key].Add(await Measured(() => RunReflectorAsync(port, style)));
                        Report($"rep {repetition} ({key})", runs[key][^1], entities);
                    }
                }

                if (options.Measures('c'))
                {
                    runs['c'].Add(await Measured(() => RunPgDumpAsync(server, Path.Combine(outputs.FullName, $"c-{repetition}.sql"))));
                    Report($"rep {repetition} (c)", runs['c'][^1], entities);
                }
            }
        }
        finally
        {
            outputs.Delete(recursive: true);
        }

        Console.WriteLine($"{"",-58} {"median s",10} {"entities/s",12} {"peak RSS MB",12} {"CPU s",8} {"server CPU s",13}");
        var labels = new Dictionary<char, string>
        {
            ['a'] = $"(a) durable-ingest ingest → file sink ({options.CliProfile})",
            ['p'] = "(p) (a) through the straggler proxy, nothing held",
            ['s'] = $"(s) (a) with 1 chunk in {StragglerProxy.OneIn} made 10× slower",
            ['u'] = "(u) (s) with hedging off (hedgeSlowChunks: 0)",
            ['b'] = "(b) per-table reflector, OpenMetadata's statements",
            ['m'] = "(m) per-table reflector, the issue's minimum",
            ['c'] = "(c) pg_dump --schema-only",
        };
        var medians = new Dictionary<char, double>();
        var cpus = new Dictionary<char, (double Own, double Server)>();
        foreach (var (key, list) in runs.Where(r => r.Value.Count > 0))
        {
            var seconds = Median(list.Select(r => r.Seconds));
            var rss = Median(list.Select(r => (double)r.PeakRssKb)) / 1024;
            var cpu = Median(list.Select(r => r.CpuSeconds));
            var serverCpu = list.All(r => r.ServerCpuSeconds is not null) ? Median(list.Select(r => r.ServerCpuSeconds!.Value)) : double.NaN;
            medians[key] = seconds;
            cpus[key] = (cpu, serverCpu);
            Console.WriteLine($"{labels[key],-58} {seconds,10:F2} {entities / seconds,12:N0} {rss,12:F0} {cpu,8:F2} {(double.IsNaN(serverCpu) ? "-" : serverCpu.ToString("F2", CultureInfo.InvariantCulture)),13}");
            if (key is 'b' or 'm')
            {
                reflectors[key] = seconds;
            }
        }

        if (medians.TryGetValue('a', out var a))
        {
            if (medians.TryGetValue('c', out var c))
            {
                Console.WriteLine($"(a)/(c) = {a / c:F2}   (target <= 0.33)");
            }

            // What bounds (a) from below on this machine: its CPU and the server's, spread over every core at best.
            if (cpus.TryGetValue('a', out var spent) && !double.IsNaN(spent.Server))
            {
                var floor = (spent.Own + spent.Server) / Environment.ProcessorCount;
                Console.WriteLine(
                    $"(a) CPU: {spent.Own:F2} s its own + {spent.Server:F2} s the server's = {spent.Own + spent.Server:F2} s on {Environment.ProcessorCount} cores: "
                    + $"no wall time under {floor:F2} s here, so (m)/(a) at most {(reflectors.TryGetValue('m', out var m) || medians.TryGetValue('m', out m) ? (m / floor).ToString("F1", CultureInfo.InvariantCulture) : "-")}");
            }

            foreach (var key in "bm")
            {
                if (medians.TryGetValue(key, out var b) || reflectors.TryGetValue(key, out b))
                {
                    Console.WriteLine($"({key})/(a) = {b / a:F1}   (target for ({key}) >= {(key == 'm' ? 40 : options.LatencyMs > 0 ? 100 : 25)})");
                }
            }

            if (medians.TryGetValue('s', out var straggling))
            {
                Console.WriteLine(
                    $"(s)/(a) = {straggling / a:F2}   (target <= 1.15; {string.Join(", ", stragglers.Select(x => $"{x.Chunks} chunks held {x.DelaySeconds * 1000:F0} ms"))})");
            }

            if (medians.TryGetValue('p', out var proxied) && medians.TryGetValue('s', out var held))
            {
                Console.WriteLine($"(s)/(p) = {held / proxied:F2}   (the stragglers alone: both through the proxy)");
            }

            if (medians.TryGetValue('u', out var unhedged))
            {
                Console.WriteLine($"(u)/(a) = {unhedged / a:F2}   (the same stragglers, not hedged)");
            }
        }
    }

    /// <summary>The median time a chunk of a finished benchmark run took, from its stored chunk results.</summary>
    private static double MedianChunkSeconds(DirectoryInfo work)
    {
        var seconds = new List<double>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(work.FullName, "runs"), "*.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "results"))
        {
            using var result = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(file));
            if (result.RootElement.TryGetProperty("startedAt", out var started) && result.RootElement.TryGetProperty("finishedAt", out var finished))
            {
                seconds.Add((finished.GetDateTime() - started.GetDateTime()).TotalSeconds);
            }
        }

        return seconds.Count > 0 ? Median(seconds) : throw new InvalidOperationException($"no chunk result with times under {work.FullName}");
    }

    private static async Task SweepAsync(string cli, int port, BenchmarkOptions options, int entities, DirectoryInfo outputs)
    {
        var parts = options.Sweep!.Split('x');
        var chunkSizes = parts[0].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var parallelisms = parts.Length > 1 ? parts[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList() : [4];
        Console.WriteLine($"{"chunkSize",10} {"parallelism",12} {"median s",10} {"entities/s",12} {"peak RSS MB",12}");
        foreach (var chunkSize in chunkSizes)
        {
            foreach (var parallelism in parallelisms)
            {
                var list = new List<ChildRun>();
                for (var i = 0; i < options.Repetitions; i++)
                {
                    list.Add(await RunIngestAsync(cli, port, chunkSize, parallelism, entities, outputs.CreateSubdirectory($"a-{chunkSize}x{parallelism}-{i}")));
                }

                var seconds = Median(list.Select(r => r.Seconds));
                Console.WriteLine($"{chunkSize,10} {parallelism,12} {seconds,10:F2} {entities / seconds,12:N0} {Median(list.Select(r => (double)r.PeakRssKb)) / 1024,12:F0}");
            }
        }
    }

    // Where the CLI's time went (CPU, JIT, GC), as the CLI reports it with DURABLE_INGEST_DIAGNOSTICS=1.
    internal static void PrintDiagnostics(ChildRun run)
    {
        var line = run.Output.Split('\n').LastOrDefault(l => l.StartsWith("diagnostics:", StringComparison.Ordinal));
        if (line is not null)
        {
            Console.WriteLine($"      {line.Trim()}");
        }
    }

    /// <summary>The benchmark's workflow: the dataset database into a file sink at <c>work/catalog</c>, run store in <c>work/runs</c>.</summary>
    internal static string Workflow(int port, string work, double? hedgeSlowChunks = null, string loggerLevel = "WARN") => $"""
        source:
          type: postgres
          serviceName: bench
          serviceConnection:
            config:
              type: Postgres
              hostPort: 127.0.0.1:{port}
              username: {PostgresServer.SuperUser}
              database: {Database}
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
        sink:
          type: file
          config:
            path: {Path.Combine(work, "catalog")}
        workflowConfig:
          loggerLevel: {loggerLevel}
          distributedExecution:
            enabled: true
            {(hedgeSlowChunks is { } hedge ? $"hedgeSlowChunks: {hedge.ToString(CultureInfo.InvariantCulture)}" : string.Empty)}
            runStore:
              path: {Path.Combine(work, "runs")}
        """;

    private static async Task<ChildRun> RunIngestAsync(
        string cli, int port, int? chunkSize, int? parallelism, int entities, DirectoryInfo work, double? hedgeSlowChunks = null, string loggerLevel = "WARN")
    {
        var catalog = Path.Combine(work.FullName, "catalog");
        var yaml = Workflow(port, work.FullName, hedgeSlowChunks, loggerLevel);
        var file = Path.Combine(work.FullName, "bench.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var arguments = new List<string> { "ingest", "-c", file, "--run-id", "bench-" + Guid.NewGuid().ToString("N")[..8] };
        if (chunkSize is { } c)
        {
            arguments.AddRange(["--chunk-size", c.ToString(CultureInfo.InvariantCulture)]);
        }

        if (parallelism is { } p)
        {
            arguments.AddRange(["--parallelism", p.ToString(CultureInfo.InvariantCulture)]);
        }

        var run = await ChildRun.RunAsync(cli, arguments, new Dictionary<string, string> { ["NO_COLOR"] = "1", ["TERM"] = "dumb", ["DURABLE_INGEST_DIAGNOSTICS"] = "1" }, work.FullName);
        var written = Directory.Exists(catalog) ? Directory.EnumerateFiles(catalog, "*.json", SearchOption.AllDirectories).Count() : 0;
        if (run.ExitCode != 0 || written != entities)
        {
            throw new InvalidOperationException($"(a) failed: exit code {run.ExitCode}, {written} of {entities} documents written.{Environment.NewLine}{run.Output}");
        }

        return run;
    }

    private static async Task<ChildRun> RunReflectorAsync(int port, ReflectorStyle style)
    {
        var connection = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = PostgresServer.SuperUser,
            Database = Database,
            Pooling = false,
            CommandTimeout = 0,
        }.ConnectionString;
        var run = await ChildRun.RunAsync(Environment.ProcessPath!, ["reflect", connection, style.ToString()]);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"(b) failed: {run.Output}");
    }

    private static async Task<ChildRun> RunPgDumpAsync(PostgresServer server, string output)
    {
        var run = await ChildRun.RunAsync(
            Path.Combine(server.BinDirectory, "pg_dump"),
            ["--schema-only", "-h", server.Host, "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-U", PostgresServer.SuperUser, "-f", output, Database]);
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"(c) failed: {run.Output}");
    }

    // The file system type of a folder (from /proc/mounts: the longest mount point that contains it).
    internal static string FileSystemOf(string path)
    {
        const string Mounts = "/proc/mounts";
        if (!File.Exists(Mounts))
        {
            return "file system unknown";
        }

        var best = (Point: "", Type: "unknown");
        foreach (var fields in File.ReadLines(Mounts).Select(line => line.Split(' ')).Where(f => f.Length > 2))
        {
            var point = fields[1];
            if (path.StartsWith(point, StringComparison.Ordinal) && point.Length > best.Point.Length)
            {
                best = (point, fields[2]);
            }
        }

        return $"{best.Type} mounted at {best.Point}";
    }

    internal static void Report(string label, ChildRun run, int entities) =>
        Console.Error.WriteLine(
            $"  {label}: {run.Seconds:F2} s, {entities / run.Seconds:N0} entities/s, peak RSS {run.PeakRssKb / 1024.0:F0} MB, CPU {run.CpuSeconds:F2} s"
            + (run.ServerCpuSeconds is { } server ? $" + server {server:F2} s" : string.Empty));

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<string> ServerVersionAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString());
        await connection.OpenAsync();
        return connection.PostgreSqlVersion.ToString();
    }

    internal static async Task BuildCliAsync(string repository, string profile = BenchmarkOptions.InstalledCliProfile)
    {
        Console.Error.WriteLine($"Publishing the CLI (publish profile {profile}) to artifacts/cli; this takes a few minutes...");
        if (Directory.Exists(Path.Combine(repository, "artifacts", "cli")))
        {
            Directory.Delete(Path.Combine(repository, "artifacts", "cli"), recursive: true);
        }

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = repository, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["publish", "src/DurableIngest.Cli", $"-p:PublishProfile={profile}", "-r", RuntimeIdentifier(), "-o", "artifacts/cli", "-v", "q", "--nologo"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish of the CLI failed:{Environment.NewLine}{output}");
        }
    }

    private static string RuntimeIdentifier() =>
        System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;

    internal static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DurableIngest.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from inside the repository (DurableIngest.sln not found above the binary)");
    }
}
