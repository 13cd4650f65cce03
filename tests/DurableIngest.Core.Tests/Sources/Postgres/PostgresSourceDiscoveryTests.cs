using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresSourceDiscoveryTests
{
    private const string Schema = """
        CREATE SCHEMA keep_me; CREATE SCHEMA skip_me;
        CREATE TABLE keep_me.orders (id int PRIMARY KEY); CREATE TABLE keep_me.order_lines (id int);
        CREATE TABLE keep_me.tmp_scratch (id int); CREATE TABLE skip_me.secret (id int);
        CREATE VIEW keep_me.orders_view AS SELECT id FROM keep_me.orders;
        CREATE MATERIALIZED VIEW keep_me.orders_mv AS SELECT id FROM keep_me.orders;
        CREATE TABLE keep_me.events (at date NOT NULL) PARTITION BY RANGE (at);
        CREATE TABLE keep_me.events_2025 PARTITION OF keep_me.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        """;

    private readonly PostgresServerFixture _server;

    public PostgresSourceDiscoveryTests(PostgresServerFixture server) => _server = server;

    private async Task<string> CreateAsync(string prefix)
    {
        var database = await _server.CreateDatabaseAsync(prefix);
        await _server.Server.ExecuteAsync(database, Schema);
        return database;
    }

    [Fact]
    public async Task Discover_SchemaAndTableFilters_FollowOpenMetadataSemantics()
    {
        var database = await CreateAsync("filters");
        var yaml = PostgresHarness.Workflow(_server.Server, database, sourceConfigExtra: """
            schemaFilterPattern:
              excludes: ["skip"]
            tableFilterPattern:
              includes: ["ORDER"]
              excludes: ["order_lines"]
            """);

        var (discovery, _) = await SourceHarness.RunAsync(yaml);

        // Includes win over excludes, matching starts at the beginning of the name and ignores case.
        Assert.Equal(["order_lines", "orders", "orders_mv", "orders_view"], discovery.Entities.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains(discovery.Filtered, f => f.Name == $"{database}.skip_me" && f.Reason.Contains("schemaFilterPattern", StringComparison.Ordinal));
        Assert.Contains(discovery.Filtered, f => f.Name == $"{database}.keep_me.tmp_scratch");
        Assert.DoesNotContain(discovery.Schemas, s => s.Schema == "skip_me");
    }

    [Fact]
    public async Task Discover_IncludeViewsFalse_FiltersViewsAndMaterializedViews()
    {
        var database = await CreateAsync("noviews");
        var yaml = PostgresHarness.Workflow(_server.Server, database, sourceConfigExtra: "includeViews: false");

        var (discovery, _) = await SourceHarness.RunAsync(yaml);

        Assert.DoesNotContain(discovery.Entities, e => e.Kind is TableType.View or TableType.MaterializedView);
        Assert.Contains(discovery.Filtered, f => f.Name.EndsWith("orders_mv", StringComparison.Ordinal) && f.Reason == "includeViews is false");
    }

    [Fact]
    public async Task Discover_IncludeTablesFalse_KeepsOnlyViews()
    {
        var database = await CreateAsync("notables");
        var yaml = PostgresHarness.Workflow(_server.Server, database, sourceConfigExtra: "includeTables: false");

        var (discovery, _) = await SourceHarness.RunAsync(yaml);

        Assert.All(discovery.Entities, e => Assert.True(e.Kind is TableType.View or TableType.MaterializedView));
        Assert.Equal(2, discovery.Entities.Count);
    }

    [Fact]
    public async Task Discover_IncludePartitions_IngestsPartitionsAsTablesToo()
    {
        var database = await CreateAsync("partitions");
        var yaml = PostgresHarness.Workflow(_server.Server, database, sourceConfigExtra: "includePartitions: true");

        var (discovery, results) = await SourceHarness.RunAsync(yaml);

        var partition = results.Single(r => r.Entity.Name == "events_2025").Table!;
        Assert.Equal(TableType.Regular, partition.TableType);
        Assert.Equal("events", partition.SourceDetails.Properties["partitionOf"]);
        Assert.Equal("FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')", partition.SourceDetails.Properties["partitionBound"]);
        Assert.Contains(discovery.Entities, e => e.Name == "events" && e.Kind == TableType.Partitioned);
    }

    [Fact]
    public async Task ReadChunk_IncludeOwners_ReportsTheOwningRole()
    {
        var database = await CreateAsync("owners");
        var yaml = PostgresHarness.Workflow(_server.Server, database, sourceConfigExtra: "includeOwners: true");

        var (_, results) = await SourceHarness.RunAsync(yaml);

        Assert.All(results, r => Assert.Equal([PostgresServer.SuperUser], r.Table!.SourceDetails.Owners));
    }

    [Fact]
    public async Task Discover_IngestAllDatabases_CoversEveryConnectableDatabaseThatPassesTheFilter()
    {
        var first = await CreateAsync("alldb_a");
        var second = await CreateAsync("alldb_b");
        var yaml = PostgresHarness.Workflow(_server.Server, "postgres", connectionExtra: "ingestAllDatabases: true", sourceConfigExtra: $"""
            databaseFilterPattern:
              includes: ["{first}$", "{second}$"]
            """);

        var (discovery, results) = await SourceHarness.RunAsync(yaml, chunkSize: 7);

        Assert.Equal([first, second], discovery.Entities.Select(e => e.Database).Distinct());
        Assert.Contains(discovery.Filtered, f => f.Name == "postgres");
        Assert.DoesNotContain(discovery.Filtered, f => f.Name.StartsWith("template", StringComparison.Ordinal));
        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.Equal(results.Count / 2, results.Count(r => r.Table!.Schema.Database == second));
    }

    [Fact]
    public async Task ReadChunk_TableDroppedAfterDiscovery_IsRecordedAsNotFoundAndTheRestSucceed()
    {
        var database = await CreateAsync("dropped");
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database));
        var discovery = await source.DiscoverAsync(CancellationToken.None);

        await _server.Server.ExecuteAsync(database, "DROP TABLE keep_me.tmp_scratch; ALTER TABLE keep_me.order_lines RENAME TO lines_renamed;");
        var results = await source.ReadChunkAsync(discovery.Entities, CancellationToken.None);

        var dropped = results.Single(r => r.Entity.Name == "tmp_scratch");
        Assert.Null(dropped.Table);
        Assert.Equal("NotFound", dropped.Failure!.ErrorType);
        Assert.Contains("tmp_scratch was not found", dropped.Failure.Message, StringComparison.Ordinal);
        Assert.Equal("NotFound", results.Single(r => r.Entity.Name == "order_lines").Failure!.ErrorType);
        Assert.Equal(discovery.Entities.Count - 2, results.Count(r => r.Table is not null));
        Assert.Equal(discovery.Entities, results.Select(r => r.Entity));
    }

    [Fact]
    public async Task ReadChunk_DatabaseDroppedAfterDiscovery_MakesEveryEntityNotFound()
    {
        var database = await CreateAsync("gone");
        var discovery = await DiscoverAsync(database);
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database));

        await _server.Server.ExecuteAsync("postgres", $"DROP DATABASE {PostgresServer.QuoteIdentifier(database)} WITH (FORCE)");
        var results = await source.ReadChunkAsync(discovery, CancellationToken.None);

        Assert.All(results, r => Assert.Equal("NotFound", r.Failure!.ErrorType));
    }

    private async Task<IReadOnlyList<DurableIngest.Sources.DiscoveredEntity>> DiscoverAsync(string database)
    {
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database));
        return (await source.DiscoverAsync(CancellationToken.None)).Entities;
    }
}
