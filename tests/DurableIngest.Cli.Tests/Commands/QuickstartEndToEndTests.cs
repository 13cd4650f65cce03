using System.Text.Json;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>The README's first command, end to end: the real CLI on the shipped quickstart warehouse.</summary>
public sealed class QuickstartEndToEndTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-quickstart-").FullName;

    public QuickstartEndToEndTests()
    {
        var examples = Path.Combine(CliProcess.RepositoryRoot, "examples");
        Directory.CreateDirectory(Path.Combine(_work, "examples"));
        foreach (var file in Directory.GetFiles(examples))
        {
            File.Copy(file, Path.Combine(_work, "examples", Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Ingest_Quickstart_ExitsZeroWithEveryTableSucceededAndSummaryWritten()
    {
        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "quickstart-1");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("Run id: quickstart-1", result.Output, StringComparison.Ordinal);
        Assert.Contains("Completed", result.Output, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, ".durable-ingest", "runs", "quickstart-1", "summary.json")));
        var root = summary.RootElement;
        var total = root.GetProperty("total").GetInt32();
        Assert.InRange(total, 25, 40);
        Assert.Equal(total, root.GetProperty("succeeded").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.Equal("Completed", root.GetProperty("status").GetString());
        Assert.Equal(total, Directory.GetFiles(Path.Combine(_work, "catalog"), "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Ingest_LogEntities_PrintsOneGreppableLinePerEntity()
    {
        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "logged", "--log-entities");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n').Where(line => line.StartsWith("✓ Processed table: ", StringComparison.Ordinal)).ToList();
        Assert.Equal(36, lines.Count);
        Assert.Contains("✓ Processed table: warehouse.main.audit_log (3/36)", lines);
        Assert.DoesNotContain("✗ Failed table", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_HubOptionsWithoutTaskHub_ExitsTwoNamingThemAndRunsNothing()
    {
        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--storage", "UseDevelopmentStorage=true", "--takeover", "5");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--storage, --takeover apply to runs on a task hub", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
    }

    [Fact]
    public async Task Ingest_QuickstartTwiceTheSecondFull_WritesByteIdenticalCatalogs()
    {
        var first = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "first");
        var before = CatalogSnapshot.Take(Path.Combine(_work, "catalog"));
        Directory.Delete(Path.Combine(_work, "catalog"), recursive: true);

        // The catalog is gone but the run store remembers it: only a full run writes the unchanged tables again.
        var second = await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "second", "--parallelism", "1", "--chunk-size", "3", "--full");

        Assert.Equal((0, 0), (first.ExitCode, second.ExitCode));
        Assert.Equal(before, CatalogSnapshot.Take(Path.Combine(_work, "catalog")));
    }

    [Fact]
    public async Task StatusAndRuns_AfterIngest_ShowTheCompletedRun()
    {
        await CliProcess.RunAsync(_work, "ingest", "-c", "examples/quickstart.yaml", "--run-id", "shown");

        var status = await CliProcess.RunAsync(_work, "status", "shown", "--json");
        var runs = await CliProcess.RunAsync(_work, "runs");

        Assert.Equal(0, status.ExitCode);
        using var document = JsonDocument.Parse(status.Output);
        Assert.Equal("Completed", document.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("shown", document.RootElement.GetProperty("id").GetString());
        Assert.Contains("shown", runs.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_Quickstart_PrintsCountsAndTheChunkPlanWithoutWriting()
    {
        var result = await CliProcess.RunAsync(_work, "plan", "-c", "examples/quickstart.yaml", "--chunk-size", "10");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Chunk plan:", result.Output, StringComparison.Ordinal);
        Assert.Contains("entities to ingest", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
    }

    [Theory]
    [InlineData("  type: sqlite\n", "", "source.type: required")]
    [InlineData("parallelism: 4", "parallelism: -1", "workflowConfig.distributedExecution.parallelism: must be >= 1")]
    [InlineData("backoffFactor: 2", "backoffFactor: 0.5", "workflowConfig.distributedExecution.retryPolicy.backoffFactor: must be >= 1")]
    [InlineData("type: sqlite", "type: db2", "source.type: unknown source type 'db2'")]
    public async Task Validate_BrokenConfig_ExitsTwoAndNamesThePath(string from, string to, string expected)
    {
        var yaml = (await File.ReadAllTextAsync(Path.Combine(_work, "examples", "quickstart.yaml"))).Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(yaml, await File.ReadAllTextAsync(Path.Combine(_work, "examples", "quickstart.yaml")));
        await File.WriteAllTextAsync(Path.Combine(_work, "broken.yaml"), yaml);

        var result = await CliProcess.RunAsync(_work, "validate", "-c", "broken.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Contains("broken.yaml:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BrokenConfig_ExitsTwoAndWritesNothing()
    {
        await File.WriteAllTextAsync(Path.Combine(_work, "broken.yaml"), "source:\n  serviceName: x\n\tsink: {}\n");

        var result = await CliProcess.RunAsync(_work, "ingest", "-c", "broken.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("YAML syntax error", result.Error, StringComparison.Ordinal);
        Assert.Contains("broken.yaml:3:1:", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
    }

    [Fact]
    public async Task Validate_UnsetVariable_ExitsTwoAndNamesTheVariable()
    {
        var yaml = (await File.ReadAllTextAsync(Path.Combine(_work, "examples", "quickstart.yaml"))).Replace("path: ./catalog", "path: ${CATALOG_DIR_FOR_TEST}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(_work, "broken.yaml"), yaml);

        var result = await CliProcess.RunAsync(_work, "validate", "-c", "broken.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sink.config.path: environment variable CATALOG_DIR_FOR_TEST is not set", result.Error, StringComparison.Ordinal);
    }
}
