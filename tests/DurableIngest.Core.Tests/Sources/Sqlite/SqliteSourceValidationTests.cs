using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteSourceValidationTests
{
    private const string DatabaseModePath = "source.serviceConnection.config.databaseMode";
    private const string BaseOrigin = "the test's folder";
    private const string BaseRemedy = "move the test";

    [Fact]
    public void Load_MissingDatabaseFile_ReportsThePathTheValueAndWhatToDo()
    {
        using var directory = new TemporaryDirectory();
        var provider = new SqliteSourceProvider(Base(directory.Path));

        var config = SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml("data/missing.db"), out var problems);

        Assert.Null(config);
        var problem = Assert.Single(problems);
        Assert.Equal(DatabaseModePath, problem.Path);
        Assert.Contains("'data/missing.db' does not exist", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"looked for {Path.Combine(directory.Path, "data", "missing.db")};", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"relative paths resolve against {directory.Path}, {BaseOrigin}", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"fix the path, use an absolute path, or {BaseRemedy}", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public async Task Load_RelativeDatabaseMode_ValidatesAndOpensTheFileUnderTheBase()
    {
        using var directory = new TemporaryDirectory();
        var copy = directory.CopyOfWarehouse();
        var provider = new SqliteSourceProvider(Base(directory.Path));

        var config = SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml("warehouse.db"), out var problems);
        await using var source = provider.Create(config!.Source, new ConnectorContext());
        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(problems);
        Assert.Equal(copy, SqliteSourceOptions.Read(config.Source.Connection, Base(directory.Path), checkFile: false).FilePath);
        Assert.Equal(Warehouse.TableCount + Warehouse.ViewCount, discovery.Entities.Count);
    }

    [Fact]
    public void Load_AbsoluteDatabaseMode_IgnoresTheBase()
    {
        using var directory = new TemporaryDirectory();
        var provider = new SqliteSourceProvider(Base(directory.Path));

        var config = SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml(Warehouse.ShippedDatabase), out var problems);

        Assert.Empty(problems);
        Assert.Equal(Warehouse.ShippedDatabase, SqliteSourceOptions.Read(config!.Source.Connection, Base(directory.Path), checkFile: false).FilePath);
    }

    [Fact]
    public void Load_MissingAbsoluteDatabaseFile_DoesNotMentionTheBase()
    {
        using var directory = new TemporaryDirectory();
        var missing = directory.File("missing.db");
        var provider = new SqliteSourceProvider(Base(directory.Path));

        SqliteWorkflow.Loader(provider).TryLoad(SqliteWorkflow.Yaml(missing), out var problems);

        var problem = Assert.Single(problems);
        Assert.Contains($"'{missing}' does not exist (looked for {missing}); fix the path (", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BaseOrigin, problem.Message, StringComparison.Ordinal);
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

        var options = SqliteSourceOptions.Read(config.Source.Connection, RelativePathBase.CurrentDirectory(), checkFile: true);

        Assert.Equal((":memory:", "default", true), (options.DatabaseMode, options.Database, options.IsInMemory));
    }

    [Fact]
    public async Task Load_Quickstart_IsValidAndIngestsTheWholeWarehouse()
    {
        var provider = new SqliteSourceProvider(Base(Warehouse.RepositoryRoot));
        var config = SqliteWorkflow.Loader(provider).Load(await File.ReadAllTextAsync(Warehouse.Quickstart), Warehouse.Quickstart);

        await using var source = provider.Create(config.Source, new ConnectorContext());
        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(("sqlite", "quickstart"), (config.Source.Type, config.Source.ServiceName));
        Assert.Equal(("file", (int?)4, 90d), (config.Sink.Type, config.Workflow.Distributed.Parallelism, config.Workflow.Distributed.SuccessThreshold));
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

    private static RelativePathBase Base(string directory) => new(directory, BaseOrigin, BaseRemedy);

    private static ConfigProblems Problems(string databaseMode)
    {
        SqliteWorkflow.Loader(new SqliteSourceProvider()).TryLoad(SqliteWorkflow.Yaml(databaseMode), out var problems);
        return problems;
    }
}
