using DurableIngest.Benchmarks;

// postgres [--tables N] [--latency-ms MS] [--repetitions R] [--measure a,b,m,c] [--stragglers [--hedge 3]] [--file-systems tmpfs,disk] [--cli-profile Native|Precompiled] [--chunk-size C] [--parallelism P] [--sweep 50,200x1,4] [--explain]
// mysql [--tables N] [--schemas S] [--views V] [--latency-ms MS] [--repetitions R] [--measure a,b,c] [--chunk-size C] [--parallelism P]   (MariaDB: our ingest, a per-table reflector, mariadb-dump --no-data)
// journal [--activities 20000] [--tables 10000] [--views 500] [--repetitions 3] [--measure a,b]   (what journaling costs: local directory vs in-memory run store)
// incremental [--tables N] [--views N] [--repetitions R]   (first run, unchanged run, run after 1% of tables dropped; table hashing cost)
// source-throughput <workflow.yaml> <chunkSize> <parallelism>   (the source alone, in process)
// openmetadata-sink [--tables 2000]   (the metadata-rest sink against the stand-in: one PUT per table beside bulk)
// workers [--tables 10000] [--views 500] [--workers 1,2,4] [--chunk-size 100] [--parallelism 8] [--repetitions R]   (in process vs a task hub with N worker processes, Azurite)
// reflect <connection string> [openmetadata|minimal]   (internal: the inspector-style baseline, run as a child process so its RSS is its own)
if (args.Length >= 2 && args[0] == "reflect")
{
    var style = args.Length > 2 ? Enum.Parse<ReflectorStyle>(args[2], ignoreCase: true) : ReflectorStyle.OpenMetadata;
    var tables = await InspectorStyleReflector.RunAsync(args[1], style, CancellationToken.None);
    Console.WriteLine($"reflected {tables}");
    return 0;
}

if (args.Length >= 2 && args[0] == "reflect-mysql")
{
    Console.WriteLine($"reflected {await MySqlInspectorStyleReflector.RunAsync(args[1], CancellationToken.None)}");
    return 0;
}

if (args.Length >= 4 && args[0] == "source-throughput")
{
    return await SourceThroughput.RunAsync(args[1], int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "incremental")
{
    return await IncrementalBenchmark.RunAsync(BenchmarkOptions.Parse(args[1..]), CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "postgres")
{
    return await PostgresBenchmark.RunAsync(BenchmarkOptions.Parse(args[1..]), CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "mysql")
{
    return await MySqlBenchmark.RunAsync(BenchmarkOptions.Parse(args[1..]), CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "journal")
{
    var options = BenchmarkOptions.Parse(args[1..]);
    return await JournalBenchmark.RunAsync(args.Contains("--measure") ? options : options with { Measure = "a,b" }, CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "workers")
{
    return await WorkersBenchmark.RunAsync(BenchmarkOptions.Parse(args[1..]), CancellationToken.None);
}

if (args.Length >= 1 && args[0] == "openmetadata-sink")
{
    return await OpenMetadataSinkBenchmark.RunAsync(args.Contains("--tables") ? BenchmarkOptions.Parse(args[1..]).Tables : 2000, CancellationToken.None);
}

Console.Error.WriteLine("usage: openmetadata-sink [--tables 2000]");
Console.Error.WriteLine("usage: workers [--tables 10000] [--views 500] [--workers 1,2,4] [--chunk-size 100] [--parallelism 8] [--repetitions 1]");
Console.Error.WriteLine("usage: journal [--activities 20000] [--tables 10000] [--repetitions 3] [--measure a,b]");
Console.Error.WriteLine("usage: mysql [--tables 10000] [--schemas 20] [--views 500] [--latency-ms 1] [--repetitions 3] [--measure a,b,c] [--chunk-size N] [--parallelism N]");
Console.Error.WriteLine("usage: postgres [--tables 10000] [--latency-ms 10] [--repetitions 3] [--measure a,b,m,c] [--stragglers [--hedge 3]] [--file-systems tmpfs,disk] [--cli-profile Native|Precompiled] [--chunk-size N] [--parallelism N] [--sweep 50,200,1000x1,2,4] [--explain]");
return 2;
