using System.Net;
using System.Net.Http.Json;
using DurableIngest.Cli.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Tests.Hosting;

/// <summary>Relative paths in a workflow posted to <c>durable-ingest serve</c> resolve against its workflow root.</summary>
public sealed class ServeRelativePathsTests : IAsyncLifetime
{
    private const string Workflow = """
        source:
          type: sqlite
          serviceName: quickstart
          serviceConnection:
            config:
              type: SQLite
              databaseMode: no-such-folder/warehouse.db
          sourceConfig:
            config:
              type: DatabaseMetadata
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("di-serve-paths-").FullName;
    private ServeTestHost _host = null!;

    public async Task InitializeAsync() => _host = await ServeTestHost.StartAsync(_root, workflowRoot: _root);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Post_RelativeDatabaseThatIsNotThere_Is400NamingTheWorkflowRootAndWhatToDo()
    {
        var folder = Path.TrimEndingDirectorySeparator(_root);

        using var response = await _host.Client.PostAsync(IngestApi.Route, ServeTestHost.Yaml(Workflow));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<IngestErrorDocument>(RunStoreJson.Options))!;
        var problem = Assert.Single(error.Problems);
        Assert.Equal("source.serviceConnection.config.databaseMode", problem.Path);
        Assert.Contains($"looked for {Path.Combine(folder, "no-such-folder", "warehouse.db")};", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"relative paths resolve against {folder}, the workflow root of durable-ingest serve", problem.Message, StringComparison.Ordinal);
        Assert.Contains("or start serve with another --workflow-root", problem.Message, StringComparison.Ordinal);
    }
}
