using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DurableIngest.Cli.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>The HTTP front door of <c>durable-ingest serve</c>, over real HTTP on loopback, against real PostgreSQL.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class IngestEndpointsTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-").FullName;
    private ServeTestHost _host = null!;
    private string _database = null!;

    private string CatalogPath => Path.Combine(_root, "catalog");

    public async Task InitializeAsync()
    {
        _database = await PostgresWorkflow.CreateDatabaseAsync(postgres);
        _host = await ServeTestHost.StartAsync(_root);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Post_PostgresWorkflowYaml_Is202WithDurableStatusUrlsAndTheStatusReachesCompletedWithTheSummary()
    {
        using var response = await _host.Client.PostAsync(IngestEndpoints.Route, ServeTestHost.Yaml(PostgresWorkflow.Yaml(postgres, _database, CatalogPath)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var payload = (await response.Content.ReadFromJsonAsync<CheckStatusPayload>(RunStoreJson.Options))!;
        Assert.StartsWith("ingest-", payload.Id, StringComparison.Ordinal);
        Assert.Equal(_host.StatusUri(payload.Id), payload.StatusQueryGetUri);
        Assert.Equal(payload.StatusQueryGetUri + "/terminate", payload.TerminatePostUri);
        Assert.Equal(payload.StatusQueryGetUri, payload.PurgeHistoryDeleteUri);
        Assert.Equal(new Uri(payload.StatusQueryGetUri), response.Headers.Location);
        Assert.Equal(TimeSpan.FromSeconds(10), response.Headers.RetryAfter?.Delta);

        var status = await _host.WaitUntilFinishedAsync(payload.StatusQueryGetUri);

        Assert.Equal(RunStatus.Completed, status.RuntimeStatus);
        Assert.Equal(payload.Id, status.Id);
        Assert.Equal(RunProgress.Done, status.CustomStatus?.Phase);
        var summary = Assert.IsType<RunSummary>(status.Output);
        Assert.Equal(PostgresWorkflow.Tables, summary.Total);
        Assert.Equal(PostgresWorkflow.Tables, summary.Succeeded);
        Assert.Equal("postgres", summary.SourceType);
        Assert.Equal(PostgresWorkflow.Tables, Directory.GetFiles(CatalogPath, "*.json", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public async Task Post_JsonWorkflowWithAnInstanceId_RunsUnderThatId()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath);
        var json = new YamlDotNet.Serialization.SerializerBuilder().JsonCompatible().Build()
            .Serialize(new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(yaml));

        using var response = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=json-run-1", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await _host.WaitUntilFinishedAsync(_host.StatusUri("json-run-1"));
        Assert.Equal(RunStatus.Completed, status.RuntimeStatus);
    }

    [Fact]
    public async Task Requests_WithoutTheKeyOrWithAWrongOne_Are401AndStartNothing()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, IngestEndpoints.Route) { Content = ServeTestHost.Yaml(yaml) };
        wrong.Headers.Add(ApiKeyFilter.HeaderName, ServeTestHost.Key + "x");

        using var missing = await _host.Anonymous.PostAsync(IngestEndpoints.Route, ServeTestHost.Yaml(yaml));
        using var wrongKey = await _host.Anonymous.SendAsync(wrong);
        using var wrongCode = await _host.Anonymous.GetAsync($"{IngestEndpoints.Route}?code=not-the-key");
        using var rightCode = await _host.Anonymous.GetAsync($"{IngestEndpoints.Route}?code={ServeTestHost.Key}");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightCode.StatusCode);
        var error = (await missing.Content.ReadFromJsonAsync<IngestErrorDocument>(RunStoreJson.Options))!;
        Assert.Equal(ApiKeyFilter.HeaderName, Assert.Single(error.Problems).Path);
        Assert.DoesNotContain(ServeTestHost.Key, await wrongKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None));
    }

    [Fact]
    public async Task Post_WorkflowMissingSourceTypeAndWithAnotherProblem_Is400NamingEveryPath()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath, sourceType: "# no type")
            .Replace("parallelism: 2", "parallelism: -2", StringComparison.Ordinal);

        using var response = await _host.Client.PostAsync(IngestEndpoints.Route, ServeTestHost.Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<IngestErrorDocument>(RunStoreJson.Options))!;
        Assert.Equal("the workflow is invalid", error.Error);
        Assert.Contains(error.Problems, p => p.Path == "source.type" && p.Message == "required");
        Assert.Contains(error.Problems, p => p.Path == "workflowConfig.distributedExecution.parallelism");
        Assert.Empty(await _host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None));
    }

    [Fact]
    public async Task Post_LiteralPassword_Is400NamingItsPathButNotItsValue()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath).Replace("${DI_SERVE_TEST_PASSWORD:-}", "hunter2-in-the-body", StringComparison.Ordinal);

        using var response = await _host.Client.PostAsync(IngestEndpoints.Route, ServeTestHost.Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("source.serviceConnection.config.authType.password", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-in-the-body", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BodyOverTheLimit_Is413WithoutReadingIt()
    {
        var body = "# " + new string('x', IngestRequestOptions.DefaultMaxBytes) + "\n" + PostgresWorkflow.Yaml(postgres, _database, CatalogPath);

        using var response = await _host.Client.PostAsync(IngestEndpoints.Route, ServeTestHost.Yaml(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<IngestErrorDocument>(RunStoreJson.Options))!;
        Assert.Contains("1048576 bytes", Assert.Single(error.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_InstanceIdOfARunningOrFinishedRun_Is409AndLeavesItAlone()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath);
        using var first = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=nightly-1", ServeTestHost.Yaml(yaml));
        using var whileRunning = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=nightly-1", ServeTestHost.Yaml(yaml));
        var finished = await _host.WaitUntilFinishedAsync(_host.StatusUri("nightly-1"));
        using var afterwards = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=nightly-1", ServeTestHost.Yaml(yaml));
        using var invalidId = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=..%2Fescape", ServeTestHost.Yaml(yaml));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, whileRunning.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterwards.StatusCode);
        Assert.Contains("already exists (Completed)", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalidId.StatusCode);
        Assert.Equal(RunStatus.Completed, finished.RuntimeStatus);
        Assert.Equal(RunStatus.Completed, (await _host.GetStatusAsync(_host.StatusUri("nightly-1"))).RuntimeStatus);
    }

    [Fact]
    public async Task FinishedRun_IsListedCannotBeTerminatedAndIsGoneOncePurged()
    {
        using var started = await _host.Client.PostAsync($"{IngestEndpoints.Route}?instanceId=purge-me", ServeTestHost.Yaml(PostgresWorkflow.Yaml(postgres, _database, CatalogPath)));
        await _host.WaitUntilFinishedAsync(_host.StatusUri("purge-me"));

        var listed = await _host.Client.GetFromJsonAsync<List<JsonElement>>(IngestEndpoints.Route);
        using var terminate = await _host.Client.PostAsync($"{IngestEndpoints.Route}/purge-me/terminate", null);
        using var purge = await _host.Client.DeleteAsync($"{IngestEndpoints.Route}/purge-me");
        using var afterPurge = await _host.Client.GetAsync($"{IngestEndpoints.Route}/purge-me");
        using var purgeAgain = await _host.Client.DeleteAsync($"{IngestEndpoints.Route}/purge-me");

        Assert.Equal("purge-me", Assert.Single(listed!).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Conflict, terminate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, afterPurge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, purgeAgain.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(_host.StorePath, "runs", "purge-me")));
    }
}
