using System.Diagnostics;
using System.Globalization;
using DurableIngest.Testing;
using MySqlConnector;

namespace DurableIngest.Benchmarks;

/// <summary>
/// The <c>postgres</c> benchmark on MariaDB: builds the standard dataset (<see cref="MySqlDataset"/>) on a throwaway
/// server, then measures side by side, repeated, medians: (a) <c>durable-ingest ingest</c> end to end into the file
/// sink, (b) a per-table inspector-style reflector (<see cref="MySqlInspectorStyleReflector"/>), (c)
/// <c>mariadb-dump --no-data</c> of the dataset's schemas. Prints seconds, entities/s, peak RSS and ratios; asserts
/// nothing. Every output is kept until all repetitions are done, as in <see cref="PostgresBenchmark"/>. With
/// <c>--latency-ms</c>, (a) and (b) reach the server through <see cref="LatencyProxy"/>, as in the <c>postgres</c> benchmark.
/// </summary>
internal static class MySqlBenchmark
{
    private const string PasswordVariable = "DI_BENCH_MYSQL_PASSWORD";

    public static async Task<int> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var repository = PostgresBenchmark.FindRepository();
        var cli = Path.Combine(repository, PostgresBenchmark.PublishedCli);
        if (options.BuildCli && options.Measures('a'))
        {
            await PostgresBenchmark.BuildCliAsync(repository);
        }

        var shape = options.Shape;
        // One server for all three, sized for its catalog: every table definition fits the cache, as a DBA would set it.
        var serverOptions = new MariaDbServerOptions
        {
            BufferPoolSize = "512M",
            TableDefinitionCache = Math.Max(400, shape.Entities + 100),
            TableOpenCache = 4000,
        };
        await using var server = await MariaDbServer.StartAsync(serverOptions, cancellationToken);
        await MySqlDataset.BuildAsync(server, shape, Console.Error, cancellationToken);
        var entities = shape.Entities;
        var schemas = MySqlDataset.SchemaNames(shape);
        if (options.Serve)
        {
            Console.WriteLine($"serving {server.HostPort} as {MariaDbServer.User} (pid {Environment.ProcessId}); stop with kill");
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await using var proxy = options.LatencyMs > 0 ? new LatencyProxy(server.Port, options.LatencyMs) : null;
        var port = proxy?.Port ?? server.Port;
        Console.WriteLine();
        Console.WriteLine($"MariaDB {await ServerVersionAsync(server, cancellationToken)}, {entities:N0} entities ({options.Tables:N0} tables + {options.Views:N0} views "
            + $"in {options.Schemas} schemas), latency {(options.LatencyMs > 0 ? $"+{options.LatencyMs} ms per round trip for (a) and (b)" : "loopback")}, "
            + $"table_definition_cache {serverOptions.TableDefinitionCache} (the same server for (a), (b) and (c)), {Environment.ProcessorCount} cores");
        if (proxy is not null)
        {
            Console.WriteLine($"measured round trip (SELECT 1, median of 50): {await RoundTripMsAsync(server, port, cancellationToken):F2} ms through the proxy, "
                + $"{await RoundTripMsAsync(server, server.Port, cancellationToken):F2} ms direct");
        }

        var outputs = Directory.CreateDirectory(Path.Combine(options.WorkDirectory ?? Path.GetTempPath(), "di-bench-mysql-" + Path.GetRandomFileName()));
        Console.WriteLine($"outputs in {outputs.FullName} ({PostgresBenchmark.FileSystemOf(outputs.FullName)})");
        var runs = new Dictionary<char, List<ChildRun>> { ['a'] = [], ['b'] = [], ['c'] = [] };
        try
        {
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                if (options.Measures('a'))
                {
                    runs['a'].Add(await RunIngestAsync(cli, server.Host, port, options, entities, outputs.CreateSubdirectory($"a-{repetition}")));
                    PostgresBenchmark.Report($"rep {repetition} (a)", runs['a'][^1], entities);
                    PostgresBenchmark.PrintDiagnostics(runs['a'][^1]);
                }

                if (options.Measures('b'))
                {
                    runs['b'].Add(await RunReflectorAsync(server.Host, port, entities));
                    PostgresBenchmark.Report($"rep {repetition} (b)", runs['b'][^1], entities);
                }

                if (options.Measures('c'))
                {
                    runs['c'].Add(await RunDumpAsync(server, schemas, Path.Combine(outputs.FullName, $"c-{repetition}.sql")));
                    PostgresBenchmark.Report($"rep {repetition} (c)", runs['c'][^1], entities);
                }
            }
        }
        finally
        {
            outputs.Delete(recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"{"",-58} {"median s",10} {"entities/s",12} {"peak RSS MB",12}");
        var labels = new Dictionary<char, string>
        {
            ['a'] = "(a) durable-ingest ingest → file sink",
            ['b'] = "(b) per-table reflector (columns, pk, fks, indexes, comment)",
            ['c'] = "(c) mariadb-dump --no-data",
        };
        var medians = new Dictionary<char, double>();
        foreach (var (key, list) in runs.Where(r => r.Value.Count > 0))
        {
            var seconds = PostgresBenchmark.Median(list.Select(r => r.Seconds));
            var rss = PostgresBenchmark.Median(list.Select(r => (double)r.PeakRssKb)) / 1024;
            medians[key] = seconds;
            Console.WriteLine($"{labels[key],-58} {seconds,10:F2} {entities / seconds,12:N0} {rss,12:F0}");
        }

        if (medians.TryGetValue('a', out var a))
        {
            if (medians.TryGetValue('c', out var c))
            {
                Console.WriteLine($"(a)/(c) = {a / c:F2}   (target <= 0.8)");
            }

            if (medians.TryGetValue('b', out var b))
            {
                Console.WriteLine($"(b)/(a) = {b / a:F1}   (target >= {(options.LatencyMs > 0 ? 100 : 25)})");
            }
        }

        return 0;
    }

    /// <summary>The benchmark's workflow: the dataset's schemas on <paramref name="host"/>:<paramref name="port"/> into a file sink at <c>work/catalog</c>, run store in <c>work/runs</c>.</summary>
    internal static string Workflow(string host, int port, string work) => $$"""
        source:
          type: mysql
          serviceName: bench
          serviceConnection:
            config:
              type: Mysql
              hostPort: {{host}}:{{port.ToString(CultureInfo.InvariantCulture)}}
              username: {{MariaDbServer.User}}
              authType:
                password: ${{{PasswordVariable}}}
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
              schemaFilterPattern:
                includes: ["^s[0-9]+$"]
        sink:
          type: file
          config:
            path: {{Path.Combine(work, "catalog")}}
        workflowConfig:
          loggerLevel: WARN
          distributedExecution:
            enabled: true
            runStore:
              path: {{Path.Combine(work, "runs")}}
        """;

    private static async Task<ChildRun> RunIngestAsync(string cli, string host, int port, BenchmarkOptions options, int entities, DirectoryInfo work)
    {
        var catalog = Path.Combine(work.FullName, "catalog");
        var file = Path.Combine(work.FullName, "bench.yaml");
        await File.WriteAllTextAsync(file, Workflow(host, port, work.FullName));
        var arguments = new List<string> { "ingest", "-c", file, "--run-id", "bench-" + Guid.NewGuid().ToString("N")[..8] };
        if (options.ChunkSize is { } chunkSize)
        {
            arguments.AddRange(["--chunk-size", chunkSize.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.Parallelism is { } parallelism)
        {
            arguments.AddRange(["--parallelism", parallelism.ToString(CultureInfo.InvariantCulture)]);
        }

        var environment = new Dictionary<string, string> { ["NO_COLOR"] = "1", ["TERM"] = "dumb", ["DURABLE_INGEST_DIAGNOSTICS"] = "1", [PasswordVariable] = MariaDbServer.Password };
        var run = await ChildRun.RunAsync(cli, arguments, environment, work.FullName);
        var written = Directory.Exists(catalog) ? Directory.EnumerateFiles(catalog, "*.json", SearchOption.AllDirectories).Count() : 0;
        if (run.ExitCode != 0 || written != entities)
        {
            throw new InvalidOperationException($"(a) failed: exit code {run.ExitCode}, {written} of {entities} documents written.{Environment.NewLine}{run.Output}");
        }

        return run;
    }

    private static async Task<ChildRun> RunReflectorAsync(string host, int port, int entities)
    {
        var connection = new MySqlConnectionStringBuilder
        {
            Server = host,
            Port = (uint)port,
            UserID = MariaDbServer.User,
            SslMode = MySqlSslMode.None,
            Pooling = false,
            DefaultCommandTimeout = 0,
        }.ConnectionString;
        var run = await ChildRun.RunAsync(
            Environment.ProcessPath!, ["reflect-mysql", connection], new Dictionary<string, string> { [MySqlInspectorStyleReflector.PasswordVariable] = MariaDbServer.Password });
        return run.ExitCode == 0 && run.Output.Contains($"reflected {entities}", StringComparison.Ordinal)
            ? run
            : throw new InvalidOperationException($"(b) failed (exit code {run.ExitCode}, expected {entities} entities): {run.Output}");
    }

    private static async Task<ChildRun> RunDumpAsync(MariaDbServer server, IReadOnlyList<string> schemas, string output)
    {
        var run = await ChildRun.RunAsync(
            MariaDbServer.ClientTool("mariadb-dump"),
            ["--no-data", "--skip-ssl", "-h", server.Host, "-P", server.Port.ToString(CultureInfo.InvariantCulture), "-u", MariaDbServer.User, $"--result-file={output}", "--databases", .. schemas],
            new Dictionary<string, string> { ["MYSQL_PWD"] = MariaDbServer.Password });
        return run.ExitCode == 0 ? run : throw new InvalidOperationException($"(c) failed: {run.Output}");
    }

    private static async Task<double> RoundTripMsAsync(MariaDbServer server, int port, CancellationToken cancellationToken)
    {
        var connectionString = new MySqlConnectionStringBuilder(server.ConnectionString()) { Port = (uint)port }.ConnectionString;
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand("SELECT 1", connection);
        var times = new List<double>();
        for (var i = 0; i < 50; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await command.ExecuteScalarAsync(cancellationToken);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return PostgresBenchmark.Median(times);
    }

    private static async Task<string> ServerVersionAsync(MariaDbServer server, CancellationToken cancellationToken)
    {
        await using var connection = new MySqlConnection(server.ConnectionString());
        await connection.OpenAsync(cancellationToken);
        return connection.ServerVersion;
    }
}
