using System.Text.Json;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>Reads counts from a run's <c>summary.json</c> in a CLI working folder's default run store.</summary>
internal static class SummaryFile
{
    public static async Task<(int, int, int)> CountsAsync(string work, string runId, string a, string b, string c)
    {
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, ".durable-ingest", "runs", runId, "summary.json")));
        var root = summary.RootElement;
        return (root.GetProperty(a).GetInt32(), root.GetProperty(b).GetInt32(), root.GetProperty(c).GetInt32());
    }
}
