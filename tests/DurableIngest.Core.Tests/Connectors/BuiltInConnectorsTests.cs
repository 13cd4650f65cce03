using DurableIngest.Configuration;
using DurableIngest.Sinks;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Sources.Sqlite;

namespace DurableIngest.Connectors;

public sealed class BuiltInConnectorsTests : IDisposable
{
    private const string Origin = "the app folder";
    private const string Remedy = "set THE_BASE_PATH";
    private readonly string _base = Directory.CreateTempSubdirectory("di-connectors-base-").FullName;

    public void Dispose() => Directory.Delete(_base, recursive: true);

    [Fact]
    public async Task Create_WithABase_QuickstartValidatesReadsAndWritesUnderIt()
    {
        Directory.CreateDirectory(Path.Combine(_base, "examples"));
        File.Copy(Warehouse.ShippedDatabase, Path.Combine(_base, "examples", "warehouse.db"));
        var connectors = BuiltInConnectors.Create(new RelativePathBase(_base, Origin, Remedy));

        var config = new WorkflowConfigLoader(connectors, _ => null).Load(await File.ReadAllTextAsync(Warehouse.Quickstart), Warehouse.Quickstart);
        var context = new ConnectorContext { RunId = "run-1" };
        await using var source = connectors.GetSource(config.Source.Type).Create(config.Source, context);
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        var read = await source.ReadChunkAsync([discovery.Entities[0]], CancellationToken.None);
        await using (var sink = connectors.GetSink(config.Sink.Type).Create(config.Sink, config.Workflow, context))
        {
            var written = await sink.WriteAsync([read[0].Table!], CancellationToken.None);
            Assert.Equal(SinkOutcome.Created, written[0].Outcome);
        }

        Assert.Equal(Warehouse.TableCount + Warehouse.ViewCount, discovery.Entities.Count);
        Assert.Single(Directory.GetFiles(Path.Combine(_base, "catalog"), "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Create_WithABase_MissingDatabaseNamesTheBaseItsOriginAndWhatToDo()
    {
        var connectors = BuiltInConnectors.Create(new RelativePathBase(_base, Origin, Remedy));

        var config = new WorkflowConfigLoader(connectors, _ => null).TryLoad(await File.ReadAllTextAsync(Warehouse.Quickstart), out var problems);

        Assert.Null(config);
        var problem = Assert.Single(problems);
        Assert.Equal("source.serviceConnection.config.databaseMode", problem.Path);
        Assert.Equal(
            $"the SQLite database file 'examples/warehouse.db' does not exist (looked for {Path.Combine(_base, "examples", "warehouse.db")}; " +
            $"relative paths resolve against {_base}, {Origin}); fix the path, use an absolute path, or {Remedy} (':memory:' opens an empty in-memory database)",
            problem.Message);
    }

    [Fact]
    public async Task Create_WithoutABase_ResolvesAgainstTheCurrentDirectory()
    {
        var connectors = BuiltInConnectors.Create();

        new WorkflowConfigLoader(connectors, _ => null).TryLoad(
            (await File.ReadAllTextAsync(Warehouse.Quickstart)).Replace("examples/warehouse.db", "no-such-folder/warehouse.db", StringComparison.Ordinal),
            out var problems);

        var problem = Assert.Single(problems);
        Assert.Contains(
            $"relative paths resolve against {Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory)}, the current directory",
            problem.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Create_EveryHost_RegistersTheSnowflakeSource()
    {
        // The CLI (CliServices), serve (ServeHost) and the Functions app (FunctionsServices) all build their registry here.
        var connectors = BuiltInConnectors.Create(new RelativePathBase(_base, Origin, Remedy));

        Assert.IsType<SnowflakeSourceProvider>(connectors.FindSource("snowflake"));
    }
}
