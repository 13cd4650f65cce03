using DurableIngest.Testing;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>Workflow files for the parity tests, each writing its catalog where the test says.</summary>
internal static class Workflows
{
    /// <summary>examples/quickstart.yaml as shipped, with its two relative paths made absolute.</summary>
    public static string Quickstart(string catalogPath)
    {
        var text = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "examples", "quickstart.yaml"));
        return text
            .Replace("databaseMode: examples/warehouse.db", $"databaseMode: {Path.Combine(CliProcess.RepositoryRoot, "examples", "warehouse.db")}", StringComparison.Ordinal)
            .Replace("path: ./catalog", $"path: {catalogPath}", StringComparison.Ordinal);
    }

    /// <summary>A PostgreSQL database read with the password from <paramref name="passwordVariable"/> (a ${VAR} reference, as the Functions app requires).</summary>
    public static string Postgres(PostgresServer server, string database, string catalogPath, string passwordVariable, int parallelism = 4, int chunkSize = 200) => $"""
        source:
          type: postgres
          serviceName: pg_parity
          serviceConnection:
            config:
              type: Postgres
              username: {PostgresServer.PasswordUser}
              authType:
                password: ${"{"}{passwordVariable}{"}"}
              hostPort: {server.HostPort}
              database: {database}
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
        sink:
          type: file
          config:
            path: {catalogPath}
        workflowConfig:
          distributedExecution:
            parallelism: {parallelism}
            chunkSize: {chunkSize}
        """;
}
