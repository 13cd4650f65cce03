using System.Diagnostics;
using DurableIngest.Testing;

namespace DurableIngest.Functions.Tests.Orchestration;

/// <summary>
/// Durable Task's replay rules are enforced on Core's orchestration by every build (tests/DurableIngest.Determinism):
/// a copy of it that reads the wall clock must fail that build with DURABLE0001, as an error.
/// </summary>
public sealed class DeterminismRulesTests
{
    [Fact]
    public async Task Build_OrchestrationReadingTheWallClock_FailsWithDurable0001()
    {
        var project = Path.Combine(CliProcess.RepositoryRoot, "tests", "DurableIngest.Determinism");
        var original = await File.ReadAllTextAsync(Path.Combine(CliProcess.RepositoryRoot, "src", "DurableIngest.Core", "Workflow", "IngestionOrchestration.cs"));
        const string replaySafe = "var startedAt = context.CurrentUtcDateTime;";
        Assert.Contains(replaySafe, original, StringComparison.Ordinal);
        // Inside the repository, so that its .editorconfig (the rules' severities) applies to the copy.
        var copy = Path.Combine(project, "obj", "determinism-check", "IngestionOrchestration.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        await File.WriteAllTextAsync(copy, original.Replace(replaySafe, "var startedAt = DateTime.UtcNow;", StringComparison.Ordinal));

        // The compile fails before it writes an assembly; the next ordinary build compiles the real file again.
        var (exitCode, output) = await BuildAsync(project, "-c", "Release", "-p:BuildProjectReferences=false", $"-p:OrchestrationSource={copy}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("error DURABLE0001", output, StringComparison.Ordinal);
        Assert.Contains("invoked from orchestration 'IngestionOrchestration'", output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> BuildAsync(string project, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "-nologo", "-clp:ErrorsOnly" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(guard.Token);
        return (process.ExitCode, await output + await error);
    }
}
