using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Builds SQLite sources the way a run does: from a workflow file, through the config loader and the provider.</summary>
internal static class SqliteWorkflow
{
    public static string Yaml(string databaseMode, IEnumerable<string>? sourceConfig = null, string? connectionExtra = null) => $"""
        source:
          type: sqlite
          serviceName: quickstart
          serviceConnection:
            config:
              type: SQLite
              databaseMode: '{databaseMode.Replace("'", "''", StringComparison.Ordinal)}'
              database: warehouse
        {connectionExtra ?? string.Empty}
          sourceConfig:
            config:
              type: DatabaseMetadata
        {string.Join("\n", (sourceConfig ?? []).Select(line => "      " + line))}
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;

    public static WorkflowConfigLoader Loader(SqliteSourceProvider provider) =>
        new(new ConnectorRegistry([provider], [new StandInSinkProvider()]), _ => null);

    public static SqliteSource Source(string databaseMode, IEnumerable<string>? sourceConfig = null, Func<string, SqliteConnection>? connectionFactory = null)
    {
        var provider = new SqliteSourceProvider(null, connectionFactory);
        var config = Loader(provider).Load(Yaml(databaseMode, sourceConfig), "test.yaml");
        return (SqliteSource)provider.Create(config.Source, new ConnectorContext());
    }
}
