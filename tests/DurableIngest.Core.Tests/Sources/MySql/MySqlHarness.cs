using DurableIngest.Core.Tests.Support;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

/// <summary>Workflow files for the test server; <see cref="SourceHarness"/> loads and runs them.</summary>
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
