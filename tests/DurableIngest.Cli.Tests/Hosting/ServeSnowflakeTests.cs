using System.Net;
using DurableIngest.Http;
using DurableIngest.Testing.SnowflakeStandIn;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary><c>durable-ingest serve</c> with its built-in connectors runs a posted <c>source.type: snowflake</c> workflow.</summary>
public sealed class ServeSnowflakeTests : IAsyncLifetime
{
    // Unique to this class: serve substitutes ${VAR} from its process environment, which is the test process here.
    private const string TokenVariable = "DI_SERVE_SNOWFLAKE_TEST_PAT";
    private const string Token = "pat-serve-test-7c1d0e";

    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-snowflake-").FullName;
    private ServeTestHost _host = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(TokenVariable, Token);
        _host = await ServeTestHost.StartAsync(_root, workflowRoot: _root);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Environment.SetEnvironmentVariable(TokenVariable, null);
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Post_SnowflakeWorkflow_RunsOnTheStandInAndCompletes()
    {
        using var keys = new SnowflakeKeyPair();
        using var warehouse = SnowflakeDataset.Create();
        await using var standIn = await SnowflakeStandIn.StartAsync(warehouse, keys.PublicKey);
        standIn.AcceptProgrammaticAccessToken(Token);
        var workflow = $$"""
            source:
              type: snowflake
              serviceName: snow_serve
              serviceConnection:
                config:
                  type: Snowflake
                  account: myorg-account1
                  username: ingest
                  warehouse: compute_wh
                  database: hr
                  programmaticAccessToken: ${{{TokenVariable}}}
                  apiBaseUrl: {{standIn.BaseUrl}}
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: ./catalog
            """;

        using var started = await _host.Client.PostAsync($"{IngestApi.Route}?instanceId=snow-serve", ServeTestHost.Yaml(workflow));
        var finished = await _host.WaitUntilFinishedAsync(_host.StatusUri("snow-serve"));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(RunStatus.Completed, finished.RuntimeStatus);
        Assert.Equal((1, 1), (finished.Output!.Total, finished.Output.Succeeded));
        Assert.True(File.Exists(Path.Combine(_root, "catalog", "snow_serve", "HR", "PEOPLE", "EMPLOYEES.json")));
        Assert.All(standIn.Requests, r => Assert.Equal("PROGRAMMATIC_ACCESS_TOKEN", r.TokenType));
    }
}
