using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sinks.File;

namespace DurableIngest.Core.Tests.Support;

/// <summary>Workflow files and a loader for tests that handle configuration without connecting anywhere.</summary>
internal static class TestWorkflows
{
    public const string PasswordVariable = "PG_PASSWORD";

    /// <summary>A valid workflow whose password is a <c>${PG_PASSWORD}</c> reference.</summary>
    public const string WithReference = """
        source:
          type: configonly
          serviceName: local_test
          serviceConnection:
            config:
              type: ConfigOnly
              hostPort: localhost:5432
              username: ingest
              password: ${PG_PASSWORD}
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;

    /// <summary>The same workflow with the password written literally.</summary>
    public const string WithLiteralPassword = """
        source:
          type: configonly
          serviceName: local_test
          serviceConnection:
            config:
              type: ConfigOnly
              hostPort: localhost:5432
              username: ingest
              password: hunter2-literal
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;

    public static ConnectorRegistry Connectors() => new([new ConfigOnlySourceProvider()], [new FileSinkProvider()]);

    public static WorkflowConfigLoader Loader() =>
        new(Connectors(), name => name == PasswordVariable ? "from-the-environment" : null);
}
