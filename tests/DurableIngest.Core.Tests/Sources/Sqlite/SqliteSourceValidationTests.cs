using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteSourceValidationTests
{
    private const string DatabaseModePath = "source.serviceConnection.config.databaseMode";

    [Fact]
    public void Load_MissingDatabaseFile_ReportsThePathTheValueAndWhatToDo()
    {
        using var directory = new TemporaryDirectory();
        var provider = new SqliteSourceProvider(directory.Path, null);

        var config = SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml("data/missing.db"), out var problems);

        Assert.Null(config);
        var problem = Assert.Single(problems);
        Assert.Equal(DatabaseModePath, problem.Path);
        Assert.Contains("'data/missing.db' does not exist", problem.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(directory.Path, "data", "missing.db"), problem.Message, StringComparison.Ordinal);
        Assert.Contains("relative paths resolve against the current directory", problem.Message, StringComparison.Ordinal);
        Assert.Contains("fix the path", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void Load_RelativeDatabaseMode_ResolvesAgainstTheWorkingDirectory()
    {
        using var directory = new TemporaryDirectory();
        directory.CopyOfWarehouse();
        var provider = new SqliteSourceProvider(directory.Path, null);

        var config = SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml("warehouse.db"), out var problems);

        Assert.Empty(problems);
        Assert.NotNull(config);
    }

    [Fact]
    public void Load_DatabaseModeIsADirectory_IsAProblem()
    {
        using var directory = new TemporaryDirectory();

        var problem = Assert.Single(Problems(directory.Path));

        Assert.Equal(DatabaseModePath, problem.Path);
        Assert.Contains("is a directory", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileThatIsNotSqlite_IsAProblem()
    {
        using var directory = new TemporaryDirectory();
        var notSqlite = directory.File("notes.db");
        File.WriteAllText(notSqlite, "just some text, not a database");

        var problem = Assert.Single(Problems(notSqlite));

        Assert.Equal(DatabaseModePath, problem.Path);
        Assert.Contains("is not an SQLite database file", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WrongConnectionTypeAndMissingFile_ReportsBothAtOnce()
    {
        var yaml = SqliteWorkflow.Yaml("/nowhere/warehouse.db").Replace("type: SQLite", "type: Postgres", StringComparison.Ordinal);

        SqliteWorkflow.Loader(new SqliteSourceProvider()).TryLoad(yaml, out var problems);

        Assert.Equal([DatabaseModePath, "source.serviceConnection.config.type"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains("must be 'SQLite'", problems.Single(p => p.Path.EndsWith(".type", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OtherOpenMetadataSqliteKeys_AreAcceptedAndIgnored()
    {
        var yaml = SqliteWorkflow.Yaml(
            Warehouse.ShippedDatabase,
            connectionExtra: """
                      scheme: sqlite+pysqlite
                      username: ""
                      password: "not-used"
                      hostPort: ""
                      connectionOptions: {}
                      connectionArguments: {}
                      supportsMetadataExtraction: true
                      supportsProfiler: true
                """);

        SqliteWorkflow.Loader(new SqliteSourceProvider()).TryLoad(yaml, out var problems);

        Assert.Empty(problems);
    }

    [Fact]
    public void Load_InMemoryWithoutDatabaseName_UsesTheDefaults()
    {
        var yaml = SqliteWorkflow.Yaml(":memory:").Replace("      database: warehouse\n", string.Empty, StringComparison.Ordinal);
        var provider = new SqliteSourceProvider();
        var config = SqliteWorkflow.Loader(provider).Load(yaml, "test.yaml");

        var options = SqliteSourceOptions.Read(config.Source.Connection, Environment.CurrentDirectory, checkFile: true);

        Assert.Equal((":memory:", "default", true), (options.DatabaseMode, options.Database, options.IsInMemory));
    }

    [Fact]
    public async Task Load_Quickstart_IsValidAndIngestsTheWholeWarehouse()
    {
        var provider = new SqliteSourceProvider(Warehouse.RepositoryRoot, null);
        var config = SqliteWorkflow.Loader(provider).Load(await File.ReadAllTextAsync(Warehouse.Quickstart), Warehouse.Quickstart);

        await using var source = provider.Create(config.Source, new ConnectorContext());
        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(("sqlite", "quickstart"), (config.Source.Type, config.Source.ServiceName));
        Assert.Equal(("file", 4, 90d), (config.Sink.Type, config.Workflow.Distributed.Parallelism, config.Workflow.Distributed.SuccessThreshold));
        Assert.True(config.Workflow.Distributed.Enabled);
        Assert.NotEmpty(config.Source.Metadata.TableFilter.Excludes);
        Assert.Equal(Warehouse.TableCount + Warehouse.ViewCount, discovery.Entities.Count);
        Assert.Empty(discovery.Filtered);
    }

    [Fact]
    public void BuiltInConnectors_RegisterTheSqliteSource()
    {
        Assert.IsType<SqliteSourceProvider>(BuiltInConnectors.Create().FindSource("sqlite"));
    }

    private static ConfigProblems Problems(string databaseMode)
    {
        SqliteWorkflow.Loader(new SqliteSourceProvider()).TryLoad(SqliteWorkflow.Yaml(databaseMode), out var problems);
        return problems;
    }
}
