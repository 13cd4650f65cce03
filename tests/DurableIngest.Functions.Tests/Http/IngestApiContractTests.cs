using System.Net;
using System.Text.RegularExpressions;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Functions.Tests.Support;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Sinks.File;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Http;

/// <summary>
/// The ingest API, tested once against both hosts' code paths: <c>durable-ingest serve</c> over real HTTP on the local
/// runtime, and the Functions app's HTTP functions on the Durable Task engine. Same routes, same statuses, same bodies.
/// </summary>
[Collection(UsesEngines.Name)]
public sealed class IngestApiContractTests : IDisposable, IClassFixture<MariaDbServerFixture>
{
    private readonly PostgresServerFixture _postgres;
    private readonly MariaDbServerFixture _mariadb;
    private readonly string _catalog = Directory.CreateTempSubdirectory("di-contract-").FullName;

    public IngestApiContractTests(PostgresServerFixture postgres, MariaDbServerFixture mariadb)
    {
        _postgres = postgres;
        _mariadb = mariadb;
        Environment.SetEnvironmentVariable("DI_SERVE_TEST_PASSWORD", PostgresServer.Password);
        Environment.SetEnvironmentVariable("DI_SERVE_TEST_MYSQL_PASSWORD", MariaDbServer.Password);
    }

    public void Dispose() => Directory.Delete(_catalog, recursive: true);

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Post_PostgresWorkflow_Is202WithTheAppsOwnKeylessUrlsAndTheStatusEndsCompletedWithTheSummary(string hostName)
    {
        var database = await PostgresWorkflow.CreateDatabaseAsync(_postgres);
        await using var host = await ApiHosts.StartAsync(hostName, BuiltInConnectors.Create());

        var started = await host.SendAsync(HttpMethod.Post, IngestApi.Route, PostgresWorkflow.Yaml(_postgres, database, _catalog));

        Assert.True(started.Status == HttpStatusCode.Accepted, started.ToString());
        var payload = started.Json<CheckStatusPayload>();
        Assert.StartsWith("ingest-", payload.Id, StringComparison.Ordinal);
        Assert.Equal($"{host.CollectionUrl}/{payload.Id}", payload.StatusQueryGetUri);
        Assert.Equal(payload.StatusQueryGetUri + "/terminate", payload.TerminatePostUri);
        Assert.Equal(payload.StatusQueryGetUri, payload.PurgeHistoryDeleteUri);
        Assert.DoesNotContain("code=", started.Body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("webhooks", started.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(payload.StatusQueryGetUri, started.Headers["Location"]);
        Assert.Equal("10", started.Headers["Retry-After"]);

        var status = await WaitUntilFinishedAsync(host, payload.Id);

        Assert.Equal((payload.Id, ActivityNames.Orchestration, RunStatus.Completed), (status.Id, status.Name, status.RuntimeStatus));
        Assert.Equal(RunProgress.Done, status.CustomStatus?.Phase);
        var summary = Assert.IsType<RunSummary>(status.Output);
        Assert.Equal((PostgresWorkflow.Tables, PostgresWorkflow.Tables, "postgres"), (summary.Total, summary.Succeeded, summary.SourceType));
        Assert.Null(status.Error);
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Post_MySqlWorkflow_RunsOnTheHostsOwnConnectorsAndEndsCompletedWithEveryTable(string hostName)
    {
        var schema = await _mariadb.CreateSchemaAsync("serve");
        await _mariadb.Server.ExecuteAsync(schema, """
            CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(100) NOT NULL);
            CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, FOREIGN KEY (customer_id) REFERENCES customers (id));
            CREATE VIEW big_orders AS SELECT id FROM orders WHERE id > 100;
            """);
        await using var host = await ApiHosts.StartAsync(hostName, null);

        var started = await host.SendAsync(HttpMethod.Post, IngestApi.Route, MySqlYaml(schema));

        Assert.True(started.Status == HttpStatusCode.Accepted, started.ToString());
        var status = await WaitUntilFinishedAsync(host, started.Json<CheckStatusPayload>().Id);
        Assert.Equal(RunStatus.Completed, status.RuntimeStatus);
        var summary = Assert.IsType<RunSummary>(status.Output);
        Assert.Equal((3, 3, "mysql"), (summary.Total, summary.Succeeded, summary.SourceType));
        Assert.Equal(3, Directory.GetFiles(_catalog, "*.json", SearchOption.AllDirectories).Length);
        Assert.DoesNotContain(MariaDbServer.Password, started.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Post_JsonWorkflowWithAnInstanceId_RunsUnderThatId(string hostName)
    {
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(new ScriptedSource(5)));
        var yaml = ScriptedSource.Workflow(_catalog);
        var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build()
            .Serialize(new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml));

        var started = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=json-run-1", json, "application/json");
        var status = await WaitUntilFinishedAsync(host, "json-run-1");

        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        Assert.Equal((RunStatus.Completed, 5), (status.RuntimeStatus, status.Output?.Succeeded));
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task PostTestConnection_ReadableAndMissingDatabases_Is200WithEveryStepAndStoresNothing(string hostName)
    {
        var database = await PostgresWorkflow.CreateDatabaseAsync(_postgres);
        await using var host = await ApiHosts.StartAsync(hostName, BuiltInConnectors.Create());
        var readable = PostgresWorkflow.Yaml(_postgres, database, _catalog);

        var passed = await host.SendAsync(HttpMethod.Post, ConnectionTestApi.Route, readable);
        var failed = await host.SendAsync(HttpMethod.Post, ConnectionTestApi.Route, readable.Replace($"database: {database}", "database: no_such_database", StringComparison.Ordinal));
        var invalid = await host.SendAsync(HttpMethod.Post, ConnectionTestApi.Route, readable.Replace("type: postgres", "type: nosuchdb", StringComparison.Ordinal));

        Assert.True(passed.Status == HttpStatusCode.OK, passed.ToString());
        var report = passed.Json<ConnectionTestDocument>();
        Assert.True(report.Passed);
        Assert.Equal([ConnectionTester.SourceConnect, ConnectionTester.SourceDiscover], report.Steps.Select(s => s.Name));
        Assert.StartsWith("PostgreSQL 15", report.Steps[0].Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, failed.Status);
        var refused = failed.Json<ConnectionTestDocument>();
        Assert.False(refused.Passed);
        Assert.Equal([ConnectionStepOutcome.Failed, ConnectionStepOutcome.Skipped], refused.Steps.Select(s => s.Outcome));
        Assert.Contains("database \"no_such_database\" does not exist", refused.Steps[0].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, passed.Body + failed.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Empty(await host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Post_InvalidWorkflows_Are400Or413Or415WithEveryProblemAndStoreNothing(string hostName)
    {
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(new ScriptedSource(5)));
        var valid = ScriptedSource.Workflow(_catalog);

        var problems = await host.SendAsync(HttpMethod.Post, IngestApi.Route, valid.Replace("type: scripted", "# no type", StringComparison.Ordinal).Replace("parallelism: 3", "parallelism: -2", StringComparison.Ordinal));
        var literal = await host.SendAsync(HttpMethod.Post, IngestApi.Route, valid.Replace("hostPort: localhost:1", "hostPort: localhost:1\n      password: hunter2-in-the-body", StringComparison.Ordinal));
        var tooLarge = await host.SendAsync(HttpMethod.Post, IngestApi.Route, "# " + new string('x', IngestRequestOptions.DefaultMaxBytes) + "\n" + valid);
        var unsupported = await host.SendAsync(HttpMethod.Post, IngestApi.Route, valid, "application/xml");
        var badId = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=..%2Fescape", valid);

        Assert.Equal(HttpStatusCode.BadRequest, problems.Status);
        var error = problems.Json<IngestErrorDocument>();
        Assert.Equal("the workflow is invalid", error.Error);
        Assert.Contains(error.Problems, p => p.Path == "source.type" && p.Message == "required");
        Assert.Contains(error.Problems, p => p.Path == "workflowConfig.distributedExecution.parallelism");
        Assert.Equal(HttpStatusCode.BadRequest, literal.Status);
        Assert.Contains("source.serviceConnection.config.password", literal.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-in-the-body", literal.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Contains("1048576 bytes", Assert.Single(tooLarge.Json<IngestErrorDocument>().Problems).Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
        Assert.Equal(new ConfigProblem("instanceId", $"'../escape' is not a valid run id: use {RunKeys.RunIdRule}"), Assert.Single(badId.Json<IngestErrorDocument>().Problems));
        Assert.Empty(await host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Post_InstanceIdOfARunningOrFinishedRun_Is409AndLeavesItAlone(string hostName)
    {
        var source = new ScriptedSource(5);
        var held = Hold(source, ScriptedSource.NameOf(0));
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(source));
        var yaml = ScriptedSource.Workflow(_catalog);

        var first = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=nightly-1", yaml);
        var whileRunning = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=nightly-1", yaml);
        held.SetResult();
        var finished = await WaitUntilFinishedAsync(host, "nightly-1");
        var afterwards = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=nightly-1", yaml);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, whileRunning.Status);
        Assert.Equal(HttpStatusCode.Conflict, afterwards.Status);
        Assert.Contains("already exists (Completed)", afterwards.Body, StringComparison.Ordinal);
        Assert.Equal((RunStatus.Completed, 5), (finished.RuntimeStatus, finished.Output?.Succeeded));
        Assert.Equal(1, source.Completed);
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task FinishedRun_IsListedCannotBeTerminatedAndIsGoneOncePurged(string hostName)
    {
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(new ScriptedSource(5)));
        await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=purge-me", ScriptedSource.Workflow(_catalog));
        await WaitUntilFinishedAsync(host, "purge-me");

        var listed = await host.SendAsync(HttpMethod.Get, IngestApi.Route);
        var badTop = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}?top=0");
        var terminate = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}/purge-me/terminate");
        var purge = await host.SendAsync(HttpMethod.Delete, $"{IngestApi.Route}/purge-me");
        var afterPurge = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}/purge-me");
        var purgeAgain = await host.SendAsync(HttpMethod.Delete, $"{IngestApi.Route}/purge-me");

        var run = Assert.Single(listed.Json<List<RunStatusView>>());
        Assert.Equal(("purge-me", RunStatus.Completed), (run.Id, run.RuntimeStatus));
        Assert.Equal(HttpStatusCode.BadRequest, badTop.Status);
        Assert.Equal("top", Assert.Single(badTop.Json<IngestErrorDocument>().Problems).Path);
        Assert.Equal(HttpStatusCode.Conflict, terminate.Status);
        Assert.Contains("has already finished (Completed)", terminate.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, purge.Status);
        Assert.Equal(HttpStatusCode.NotFound, afterPurge.Status);
        Assert.Equal(HttpStatusCode.NotFound, purgeAgain.Status);
        Assert.Empty(await host.Store.ListAsync(RunKeys.Run("purge-me"), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task Terminate_RunningRun_Is202EndsTerminatedAndCannotBePurgedBefore(string hostName)
    {
        var source = new ScriptedSource(30);
        var held = Hold(source, ScriptedSource.NameOf(0));
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(source));
        await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=stop-me", ScriptedSource.Workflow(_catalog, parallelism: 1));
        await Poll.UntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(0)));

        var purgeWhileRunning = await host.SendAsync(HttpMethod.Delete, $"{IngestApi.Route}/stop-me");
        var terminate = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}/stop-me/terminate");
        held.SetResult();
        var status = await WaitUntilFinishedAsync(host, "stop-me");
        var unknown = await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}/no-such-run/terminate");

        Assert.Equal(HttpStatusCode.Conflict, purgeWhileRunning.Status);
        Assert.Contains("terminate it first", purgeWhileRunning.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, terminate.Status);
        Assert.Equal("stop-me", terminate.Json<RunControlResponse>().Id);
        Assert.Equal(RunStatus.Terminated, status.RuntimeStatus);
        Assert.Null(status.Output);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Theory]
    [MemberData(nameof(ApiHosts.Both), MemberType = typeof(ApiHosts))]
    public async Task GetReport_RunningThenFinishedWithAFailedTable_Is409ThenTheSelfContainedHtmlReport(string hostName)
    {
        var source = new ScriptedSource(12);
        source.BadTables.Add(ScriptedSource.NameOf(7));
        var held = Hold(source, ScriptedSource.NameOf(0));
        await using var host = await ApiHosts.StartAsync(hostName, Scripted(source));
        await host.SendAsync(HttpMethod.Post, $"{IngestApi.Route}?instanceId=reported", ScriptedSource.Workflow(_catalog, chunkSize: 5));
        await Poll.UntilAsync(() => source.Reads.Contains(ScriptedSource.NameOf(0)));

        var whileRunning = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}/reported/report");
        held.SetResult();
        await WaitUntilFinishedAsync(host, "reported");
        var report = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}/reported/report");
        var unknown = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}/no-such-run/report");

        Assert.Equal(HttpStatusCode.Conflict, whileRunning.Status);
        Assert.Contains("its report is written when it completes", whileRunning.Body, StringComparison.Ordinal);
        Assert.True(report.Status == HttpStatusCode.OK, report.ToString());
        Assert.Equal(ApiResponse.HtmlContentType, report.Headers["Content-Type"]);
        Assert.Equal(ApiResponse.PageContentSecurityPolicy, report.Headers["Content-Security-Policy"]);
        Assert.StartsWith("<!DOCTYPE html>", report.Body, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Count(report.Body, "<rect class=\"chunk "));
        Assert.Contains("<svg id=\"throughput\"", report.Body, StringComparison.Ordinal);
        Assert.Contains($"{ScriptedSource.NameOf(7)}</td><td>read</td>", report.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    private string MySqlYaml(string schema) => $$"""
        source:
          type: mysql
          serviceName: serve_mysql
          serviceConnection:
            config:
              type: Mysql
              username: {{MariaDbServer.User}}
              authType:
                password: ${DI_SERVE_TEST_MYSQL_PASSWORD:-}
              hostPort: {{_mariadb.Server.HostPort}}
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
              schemaFilterPattern:
                includes: ["^{{schema}}$"]
        sink:
          type: file
          config:
            path: {{_catalog}}
        workflowConfig:
          distributedExecution:
            parallelism: 2
            chunkSize: 2
        """;

    private static ConnectorRegistry Scripted(ScriptedSource source) => new([source], [new FileSinkProvider()]);

    private static TaskCompletionSource Hold(ScriptedSource source, string table)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gates[table] = gate;
        return gate;
    }

    /// <summary>Follows the status URL until the run has finished (a guard against hanging, not a timing assertion).</summary>
    private static async Task<RunStatusView> WaitUntilFinishedAsync(IIngestApiHost host, string runId)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var reply = await host.SendAsync(HttpMethod.Get, $"{IngestApi.Route}/{runId}");
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            var status = reply.Json<RunStatusView>();
            if (!status.RuntimeStatus.IsUnfinished())
            {
                return status;
            }

            await Task.Delay(50, guard.Token);
        }
    }
}
