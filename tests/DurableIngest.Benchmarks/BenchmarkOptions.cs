using System.Globalization;
using DurableIngest.Testing;

namespace DurableIngest.Benchmarks;

/// <summary>Command-line options of <c>postgres</c>, <c>mysql</c> and <c>journal</c>: dataset size, latency, repetitions, what to measure, and the chunking to use.</summary>
internal sealed record BenchmarkOptions
{
    public int Tables { get; init; } = 10_000;
    public int Schemas { get; init; } = 20;
    public int Views { get; init; } = 500;
    public int LatencyMs { get; init; }
    public int Repetitions { get; init; } = 3;
    /// <summary>a: our ingest; b: the reflector with OpenMetadata's statements (mysql: per table columns, pk, fks, indexes, comment); m: the reflector with the minimum; c: pg_dump (mysql: mariadb-dump).</summary>
    public string Measure { get; init; } = "a,b,c";
    /// <summary>Where (a) writes its catalog and run store and (c) its dump; the system's temporary folder by default.</summary>
    public string? WorkDirectory { get; init; }
    public int? ChunkSize { get; init; }
    public int? Parallelism { get; init; }
    /// <summary>Chunk sizes and parallelism values to sweep for (a), e.g. <c>50,200,1000x1,2,4,8</c>.</summary>
    public string? Sweep { get; init; }
    public bool Explain { get; init; }
    /// <summary>Also measure (s): (a) through <see cref="StragglerProxy"/>, one chunk in 20 ten times slower.</summary>
    public bool Stragglers { get; init; }
    /// <summary>The <c>hedgeSlowChunks</c> (s) runs with; the CLI's default when not given.</summary>
    public double? HedgeSlowChunks { get; init; }
    /// <summary>Where to measure, comma-separated: <c>tmpfs</c> (/dev/shm), <c>disk</c> (the work folder or the system's temporary folder) or a folder.</summary>
    public string? FileSystems { get; init; }
    /// <summary>No-op activities per run of the <c>journal</c> benchmark's (a).</summary>
    public int Activities { get; init; } = 20_000;
    public bool BuildCli { get; init; } = true;
    /// <summary>The README's install build, measured as (a) by default.</summary>
    public const string InstalledCliProfile = "Native";
    /// <summary>The publish profile (a) is built with: Native (AOT, the default) or Precompiled (JIT, composite ReadyToRun).</summary>
    public string CliProfile { get; init; } = InstalledCliProfile;
    /// <summary>Worker counts of the <c>workers</c> benchmark, e.g. <c>1,2,4</c>.</summary>
    public string Workers { get; init; } = "1,2,4";
    /// <summary>Build the dataset, print the connection string and keep the server up (for EXPLAIN by hand).</summary>
    public bool Serve { get; init; }

    public DatasetShape Shape => new(Tables, Schemas, Views);

    public bool Measures(char what) => Measure.Contains(what, StringComparison.Ordinal);

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--tables" => options with { Tables = NextInt() },
                "--schemas" => options with { Schemas = NextInt() },
                "--views" => options with { Views = NextInt() },
                "--latency-ms" => options with { LatencyMs = NextInt() },
                "--repetitions" => options with { Repetitions = NextInt() },
                "--measure" => options with { Measure = Next() },
                "--chunk-size" => options with { ChunkSize = NextInt() },
                "--work-dir" => options with { WorkDirectory = Next() },
                "--parallelism" => options with { Parallelism = NextInt() },
                "--sweep" => options with { Sweep = Next() },
                "--explain" => options with { Explain = true },
                "--stragglers" => options with { Stragglers = true },
                "--hedge" => options with { HedgeSlowChunks = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--file-systems" => options with { FileSystems = Next() },
                "--activities" => options with { Activities = NextInt() },
                "--workers" => options with { Workers = Next() },
                "--no-build-cli" => options with { BuildCli = false },
                "--cli-profile" => options with { CliProfile = Next() },
                "--serve" => options with { Serve = true, BuildCli = false },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return options;
    }
}
