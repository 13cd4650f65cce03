using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sources.MySql;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

[Collection(MariaDbServerFixture.Collection)]
public sealed class MySqlSourceDiscoveryTests
{
    private readonly MariaDbServerFixture _server;

    public MySqlSourceDiscoveryTests(MariaDbServerFixture server) => _server = server;

    private async Task<string> CreateAsync(string prefix)
    {
        var schema = await _server.CreateSchemaAsync(prefix);
        await _server.Server.ExecuteAsync(schema, """
            CREATE TABLE orders (id INT PRIMARY KEY); CREATE TABLE order_lines (id INT);
            CREATE TABLE tmp_scratch (id INT);
            CREATE VIEW orders_view AS SELECT id FROM orders;
            CREATE SEQUENCE order_numbers;
            """);
        return schema;
    }

    [Fact]
    public async Task Discover_DatabaseSchema_ListsThatSchemasTablesAndViewsButNotSequences()
    {
        var schema = await CreateAsync("one");

        var (discovery, results) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, schema));

        Assert.Equal(["order_lines", "orders", "orders_view", "tmp_scratch"], discovery.Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.All(discovery.Entities, e => Assert.Equal(("default", schema), (e.Database, e.Schema)));
        Assert.Equal(TableType.View, discovery.Entities.Single(e => e.Name == "orders_view").Kind);
        Assert.Equal([new SchemaRef(MySqlHarness.Service, "default", schema)], discovery.Schemas);
        Assert.All(results, r => Assert.Null(r.Failure));
    }

    [Fact]
    public async Task Discover_SchemaAndTableFilters_FollowOpenMetadataSemantics()
    {
        var keep = await CreateAsync("keep");
        var skip = await CreateAsync("skip");
        var yaml = MySqlHarness.Workflow(_server.Server, null, sourceConfigExtra: $"""
            schemaFilterPattern:
              includes: ["{keep}$", "{skip}$"]
              excludes: ["{keep}"]
            tableFilterPattern:
              excludes: ["ORDER_LINES", "tmp"]
            """);

        var (discovery, _) = await SourceHarness.RunAsync(yaml);

        // Includes win over excludes; matching starts at the beginning of the name and ignores case.
        Assert.Equal([keep, skip], discovery.Schemas.Select(s => s.Schema).Order(StringComparer.Ordinal));
        Assert.Equal(["orders", "orders", "orders_view", "orders_view"], discovery.Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains(discovery.Filtered, f => f.Name == $"default.{keep}.order_lines" && f.Reason == "excluded by tableFilterPattern");
        Assert.Contains(discovery.Filtered, f => f.Reason == "excluded by schemaFilterPattern");
        Assert.DoesNotContain(discovery.Filtered, f => f.Name == "default.mysql");
    }

    [Fact]
    public async Task Discover_WithoutDatabaseSchema_LeavesTheSystemSchemasOut()
    {
        await CreateAsync("all");

        var (discovery, _) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, null, sourceConfigExtra: "includeTables: false"));

        Assert.DoesNotContain(discovery.Schemas, s => MySqlOptions.SystemSchemas.Contains(s.Schema));
        Assert.DoesNotContain(discovery.Entities, e => MySqlOptions.SystemSchemas.Contains(e.Schema));
        Assert.All(discovery.Entities, e => Assert.Equal(TableType.View, e.Kind));
    }

    [Fact]
    public async Task Discover_IncludeViewsFalse_FiltersViews()
    {
        var schema = await CreateAsync("noviews");

        var (discovery, _) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, schema, sourceConfigExtra: "includeViews: false"));

        Assert.DoesNotContain(discovery.Entities, e => e.Kind == TableType.View);
        Assert.Contains(discovery.Filtered, f => f.Name == $"default.{schema}.orders_view" && f.Reason == "includeViews is false");
    }

    [Fact]
    public async Task Discover_DatabaseNameAndDatabaseFilter_NameAndFilterTheCatalogDatabase()
    {
        var schema = await CreateAsync("named");

        var (named, _) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, schema, connectionExtra: "databaseName: sales"));
        var (filtered, _) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, schema, sourceConfigExtra: "databaseFilterPattern: { excludes: [\"^default$\"] }"));

        Assert.All(named.Entities, e => Assert.Equal("sales", e.Database));
        Assert.Empty(filtered.Entities);
        Assert.Equal("default", Assert.Single(filtered.Filtered).Name);
    }

    [Fact]
    public async Task Discover_SchemaTheUserCannotSee_IsAWarningNamingItNotAFailure()
    {
        var (discovery, _) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, "no_such_schema_here"));

        Assert.Empty(discovery.Entities);
        var warning = Assert.Single(discovery.Warnings);
        Assert.Contains("databaseSchema 'no_such_schema_here' is not visible to user 'durable_ingest'", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_UserWithSelectOnSomeTables_SeesAndReadsExactlyThose()
    {
        var schema = await CreateAsync("grants");
        var user = $"reader_{Guid.NewGuid():N}"[..16];
        await _server.Server.ExecuteAsync(null, $"""
            CREATE USER '{user}'@'%' IDENTIFIED BY 'reader-pw';
            GRANT SELECT ON {MariaDbServer.QuoteIdentifier(schema)}.orders TO '{user}'@'%';
            GRANT SELECT ON {MariaDbServer.QuoteIdentifier(schema)}.orders_view TO '{user}'@'%';
            """);

        var (discovery, results) = await SourceHarness.RunAsync(MySqlHarness.Workflow(_server.Server, schema, username: user, password: "reader-pw"));

        Assert.Equal(["orders", "orders_view"], discovery.Entities.Select(e => e.Name));
        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.Equal(["id"], results[0].Table!.Columns.Select(c => c.Name));
        Assert.Null(results[1].Table!.SchemaDefinition); // SELECT without SHOW VIEW: the server withholds the definition
    }

    [Fact]
    public async Task ReadChunk_TableDroppedAfterDiscovery_IsRecordedAsNotFoundAndTheRestSucceed()
    {
        var schema = await CreateAsync("dropped");
        await using var source = SourceHarness.CreateSource(MySqlHarness.Workflow(_server.Server, schema));
        var discovery = await source.DiscoverAsync(CancellationToken.None);

        await _server.Server.ExecuteAsync(schema, "DROP TABLE tmp_scratch; RENAME TABLE order_lines TO lines_renamed;");
        var results = await source.ReadChunkAsync(discovery.Entities, CancellationToken.None);

        Assert.Equal(discovery.Entities, results.Select(r => r.Entity));
        Assert.Equal("NotFound", results.Single(r => r.Entity.Name == "tmp_scratch").Failure!.ErrorType);
        Assert.Contains("tmp_scratch was not found", results.Single(r => r.Entity.Name == "tmp_scratch").Failure!.Message, StringComparison.Ordinal);
        Assert.Equal("NotFound", results.Single(r => r.Entity.Name == "order_lines").Failure!.ErrorType);
        Assert.Equal(discovery.Entities.Count - 2, results.Count(r => r.Table is not null));
    }
}
