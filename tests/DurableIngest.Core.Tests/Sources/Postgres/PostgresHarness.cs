using DurableIngest.Core.Tests.Support;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

/// <summary>Workflow files for the test server; <see cref="SourceHarness"/> loads and runs them.</summary>
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
        {SourceHarness.Indent(connectionExtra, 6)}
          sourceConfig:
            config:
              type: DatabaseMetadata
        {SourceHarness.Indent(sourceConfigExtra, 6)}
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;
}
