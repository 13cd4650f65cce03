using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources;

namespace DurableIngest.Core.Tests.Support;

/// <summary>
/// Loads a workflow file with the built-in connectors and runs its source the way the workflow does: discover, then
/// chunks. The per-source harnesses only write the workflow files for their test servers.
/// </summary>
internal static class SourceHarness
{
    public static WorkflowConfig Load(string yaml, Func<string, string?>? environment = null, RelativePathBase? paths = null) =>
        new WorkflowConfigLoader(BuiltInConnectors.Create(paths), environment ?? (_ => null)).Load(yaml, "test.yaml");

    public static IMetadataSource CreateSource(string yaml)
    {
        var config = Load(yaml);
        return BuiltInConnectors.Create().GetSource(config.Source.Type).Create(config.Source, new ConnectorContext { RunId = "test" });
    }

    /// <summary>Discovery and every chunk, results in discovery order.</summary>
    public static async Task<(DiscoveryResult Discovery, IReadOnlyList<EntityReadResult> Results)> RunAsync(string yaml, int chunkSize = 50)
    {
        await using var source = CreateSource(yaml);
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        var results = new List<EntityReadResult>();
        foreach (var chunk in discovery.Entities.Chunk(chunkSize))
        {
            results.AddRange(await source.ReadChunkAsync(chunk, CancellationToken.None));
        }

        return (discovery, results);
    }

    /// <summary>Extra YAML lines, indented to sit under a block of a workflow written at <paramref name="spaces"/>.</summary>
    public static string Indent(string text, int spaces)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var pad = new string(' ', spaces);
        return string.Join("\n", text.Trim('\n').Split('\n').Select(line => pad + line));
    }
}
