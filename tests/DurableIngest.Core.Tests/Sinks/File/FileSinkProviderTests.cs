using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sinks.File;

namespace DurableIngest.Core.Tests.Sinks.File;

public sealed class FileSinkProviderTests : IDisposable
{
    private const string Origin = "the test's folder";
    private const string Remedy = "move the test";
    private static readonly SchemaRef Shop = new("svc", "shop", "public");
    private readonly string _base = Directory.CreateTempSubdirectory("di-file-sink-base-").FullName;

    public void Dispose() => Directory.Delete(_base, recursive: true);

    private static string Yaml(string path) => TestWorkflows.WithReference.Replace("path: ./catalog", $"path: '{path}'", StringComparison.Ordinal);

    private static (WorkflowConfig? Config, ConfigProblems Problems) Load(FileSinkProvider provider, string path)
    {
        var loader = new WorkflowConfigLoader(new ConnectorRegistry([new ConfigOnlySourceProvider()], [provider]), _ => "from-the-environment");
        var config = loader.TryLoad(Yaml(path), out var problems);
        return (config, problems);
    }

    private static async Task WriteOrdersAsync(FileSinkProvider provider, WorkflowConfig config)
    {
        await using var sink = provider.Create(config.Sink, config.Workflow, new ConnectorContext { RunId = "run-1" });
        var table = new TableMetadata
        {
            Schema = Shop,
            Name = "orders",
            TableType = TableType.Regular,
            Columns = [new Column { Name = "id", DataType = DataType.BIGINT, DataTypeDisplay = "bigint", OrdinalPosition = 1 }],
        };
        var results = await sink.WriteAsync([table], CancellationToken.None);
        Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
    }

    [Fact]
    public async Task Create_RelativePath_WritesUnderTheBase()
    {
        var provider = new FileSinkProvider(new RelativePathBase(_base, Origin, Remedy));

        var (config, problems) = Load(provider, "out/catalog");
        await WriteOrdersAsync(provider, config!);

        Assert.Empty(problems);
        Assert.True(System.IO.File.Exists(Path.Combine(_base, "out", "catalog", "svc", "shop", "public", "orders.json")));
    }

    [Fact]
    public async Task Create_AbsolutePath_IgnoresTheBase()
    {
        var provider = new FileSinkProvider(new RelativePathBase(Path.Combine(_base, "unused"), Origin, Remedy));
        var absolute = Path.Combine(_base, "absolute");

        var (config, problems) = Load(provider, absolute);
        await WriteOrdersAsync(provider, config!);

        Assert.Empty(problems);
        Assert.True(System.IO.File.Exists(Path.Combine(absolute, "svc", "shop", "public", "orders.json")));
        Assert.False(Directory.Exists(Path.Combine(_base, "unused")));
    }

    [Fact]
    public void Validate_RelativePathIsAFile_ReportsThePathTheBaseAndWhatToDo()
    {
        System.IO.File.WriteAllText(Path.Combine(_base, "catalog"), "not a folder");
        var provider = new FileSinkProvider(new RelativePathBase(_base, Origin, Remedy));

        var (config, problems) = Load(provider, "catalog");

        Assert.Null(config);
        var problem = Assert.Single(problems);
        Assert.Equal("sink.config.path", problem.Path);
        Assert.Equal(
            $"'catalog' is a file, not a folder ({Path.Combine(_base, "catalog")}; relative paths resolve against {_base}, {Origin}); " +
            $"fix the path, use an absolute path, or {Remedy}",
            problem.Message);
    }
}
