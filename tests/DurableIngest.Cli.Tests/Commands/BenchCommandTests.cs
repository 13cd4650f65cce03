using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary><c>durable-ingest bench</c> through the real CLI on the quickstart warehouse.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-bench-").FullName;

    public BenchCommandTests()
    {
        Directory.CreateDirectory(Path.Combine(_work, "examples"));
        foreach (var file in Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot, "examples")))
        {
            File.Copy(file, Path.Combine(_work, "examples", Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Bench_TwoChunkSizesThreeWidths_PrintsARowPerSettingAndLeavesTheRealSinkAndStoreAlone()
    {
        var result = await CliProcess.RunAsync(_work, "bench", "-c", "examples/quickstart.yaml", "--parallelism", "1,2,4", "--chunk-size", "5,12");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("Discovered 36 entities once", result.Output, StringComparison.Ordinal);
        var rows = result.Output.Split('\n')
            .Where(line => line.Contains('×', StringComparison.Ordinal))
            .Select(line => line.Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(["5 1", "5 2", "5 4", "12 1", "12 2", "12 4"], rows.Select(cells => $"{cells[0]} {cells[1]}"));
        // Each chunk size's parallelism-1 row is its own baseline; the other rows' speed-ups are measured, so any value.
        Assert.All(rows.Where(cells => cells[1] == "1"), cells => Assert.Equal("1.00×", cells[4]));
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
    }

    [Fact]
    public async Task Bench_BadSettings_ExitsTwoNamingEachOne()
    {
        var result = await CliProcess.RunAsync(_work, "bench", "-c", "examples/quickstart.yaml", "--parallelism", "1,zero", "--chunk-size", "0", "--repetitions", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--parallelism: 'zero' is not a whole number", result.Error, StringComparison.Ordinal);
        Assert.Contains("--chunk-size: '0' is not a whole number", result.Error, StringComparison.Ordinal);
        Assert.Contains("--repetitions must be at least 1, not 0", result.Error, StringComparison.Ordinal);
    }
}
