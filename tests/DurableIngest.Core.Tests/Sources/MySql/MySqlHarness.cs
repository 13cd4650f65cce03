using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

/// <summary>Builds workflow files for the test server and runs a source the way the workflow does: discover, then chunks.</summary>
internal static class MySqlHarness
{
    public const string Service = "local_mysql";

    /// <summary>A workflow as the test user; <paramref name="schema"/> is its <c>databaseSchema</c> (null: every schema).</summary>
    public static string Workflow(MariaDbServer server, string? schema, string connectionExtra = "", string sourceConfigExtra = "",
        string username = MariaDbServer.User, string password = MariaDbServer.Password) => $"""
        source:
          type: mysql
          serviceName: {Service}
          serviceConnection:
            config:
              type: Mysql
              username: {username}
              authType:
                password: "{password}"
              hostPort: {server.HostPort}
        {(schema is null ? string.Empty : $"      databaseSchema: \"{schema}\"")}
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
