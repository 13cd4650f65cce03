using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

/// <summary>Builds workflow files for the test server and runs a source the way the workflow does: discover, then chunks.</summary>
internal static class PostgresHarness
{
    public const string Service = "local_pg";

    public static string Workflow(PostgresServer server, string database, string connectionExtra = "", string sourceConfigExtra = "", string type = "postgres") => $"""
        source:
          type: {type}
          serviceName: {Service}
          serviceConnection:
            config:
              type: {(type == "postgres" ? "Postgres" : "Redshift")}
              hostPort: {server.HostPort}
              username: {PostgresServer.SuperUser}
              database: "{database}"
              sslMode: disable
        {Indent(connectionExtra, 6)}
          sourceConfig:
            config:
              type: DatabaseMetadata
        {Indent(sourceConfigExtra, 6)}
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;

    public static WorkflowConfig Load(string yaml, Func<string, string?>? environment = null) =>
        new WorkflowConfigLoader(BuiltInConnectors.Create(), environment ?? (_ => null)).Load(yaml, "test.yaml");

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

    private static string Indent(string text, int spaces)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var pad = new string(' ', spaces);
        return string.Join("\n", text.Trim('\n').Split('\n').Select(line => pad + line));
    }
}
