using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DurableIngest.Cli.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.Testing;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>
/// The serve host's own part of its HTTP front door, its API key, over real HTTP on loopback. The ingest API itself is
/// tested once for both hosts (tests/DurableIngest.Functions.Tests/Http/IngestApiContractTests.cs).
/// </summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class ApiKeyFilterTests(PostgresServerFixture postgres) : IAsyncLifetime
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
    public async Task Requests_WithoutTheKeyOrWithAWrongOne_Are401AndStartNothing()
    {
        var yaml = PostgresWorkflow.Yaml(postgres, _database, CatalogPath);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, IngestApi.Route) { Content = ServeTestHost.Yaml(yaml) };
        wrong.Headers.Add(ApiKeyFilter.HeaderName, ServeTestHost.Key + "x");

        using var missing = await _host.Anonymous.PostAsync(IngestApi.Route, ServeTestHost.Yaml(yaml));
        using var wrongKey = await _host.Anonymous.SendAsync(wrong);
        using var wrongCode = await _host.Anonymous.GetAsync($"{IngestApi.Route}?code=not-the-key");
        using var rightCode = await _host.Anonymous.GetAsync($"{IngestApi.Route}?code={ServeTestHost.Key}");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightCode.StatusCode);
        var error = (await missing.Content.ReadFromJsonAsync<IngestErrorDocument>(RunStoreJson.Options))!;
        Assert.Equal(ApiKeyFilter.HeaderName, Assert.Single(error.Problems).Path);
        Assert.DoesNotContain(ServeTestHost.Key, await wrongKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await _host.Store.ListAsync(RunKeys.RunsPrefix, CancellationToken.None));
    }
}
