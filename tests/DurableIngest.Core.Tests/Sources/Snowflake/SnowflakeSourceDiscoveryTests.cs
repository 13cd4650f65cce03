using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeSourceDiscoveryTests
{
    [Fact]
    public async Task Discover_OneDatabase_ListsTablesAndViewsWithOneStatementAndKeepsEmptySchemas()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow());

        var discovery = await source.DiscoverAsync(CancellationToken.None);

        var statement = Assert.Single(harness.StandIn.Statements);
        Assert.Contains("\"SALES\".INFORMATION_SCHEMA.TABLES", statement.Sql, StringComparison.Ordinal);
        Assert.Equal(["EMPTY", "PUBLIC", "RESTRICTED"], discovery.Schemas.Select(s => s.Schema));
        Assert.DoesNotContain(discovery.Schemas, s => s.Schema == "INFORMATION_SCHEMA");
        Assert.Equal(SnowflakeDataset.PublicDefaults, discovery.Entities.Where(e => e.Schema == "PUBLIC").Select(e => e.Name));
        Assert.Equal(["SALES.RESTRICTED.PAYROLL"], discovery.Entities.Where(e => e.Schema != "PUBLIC").Select(e => e.DisplayName));
        Assert.Equal(TableType.View, discovery.Entities.Single(e => e.Name == "ORDER_TOTALS").Kind);
        Assert.Equal(TableType.Iceberg, discovery.Entities.Single(e => e.Name == "PRODUCTS_ICE").Kind);
        Assert.DoesNotContain(discovery.Entities, e => e.Name == "SESSION_TMP");
        Assert.Equal(new FilteredEntity("SALES.PUBLIC.STAGING_ORDERS", "includeTransientTables is false"), Assert.Single(discovery.Filtered));
        Assert.Empty(discovery.Warnings);
    }

    [Fact]
    public async Task Discover_IncludeTransientTablesAndFilters_AppliesEachFlagAndPattern()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow(
            "includeTransientTables: true",
            "includeViews: false\nschemaFilterPattern:\n  excludes: [\"^restricted$\"]\ntableFilterPattern:\n  excludes: [\"^EVENTS\"]"));

        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(["CUSTOMERS", "DAILY_SALES", "ORDERS", "ORDER_ITEMS", "PRODUCTS_ICE", "STAGING_ORDERS"], discovery.Entities.Select(e => e.Name));
        Assert.Contains(new FilteredEntity("SALES.RESTRICTED", "excluded by schemaFilterPattern"), discovery.Filtered);
        Assert.Contains(new FilteredEntity("SALES.PUBLIC.ORDER_TOTALS", "includeViews is false"), discovery.Filtered);
        Assert.Contains(new FilteredEntity("SALES.PUBLIC.EVENTS_EXT", "excluded by tableFilterPattern"), discovery.Filtered);
    }

    [Fact]
    public async Task Discover_NoDatabaseSet_ShowsDatabasesAndSkipsTheOneTheRoleMayNotUseWithAWarning()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow(database: string.Empty, sourceConfigExtra: "databaseFilterPattern:\n  excludes: [\"^hr$\"]"));

        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal("SHOW DATABASES", harness.StandIn.Statements[0].Sql);
        Assert.Null(harness.StandIn.Statements[0].Database);
        Assert.Equal(["SALES"], discovery.Entities.Select(e => e.Database).Distinct());
        Assert.Contains(new FilteredEntity("HR", "excluded by databaseFilterPattern"), discovery.Filtered);
        var warning = Assert.Single(discovery.Warnings);
        Assert.StartsWith("database 'ARCHIVE' skipped:", warning, StringComparison.Ordinal);
        Assert.Contains("not authorized", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_TheOneConfiguredDatabaseMayNotBeUsed_FailsNamingTheDatabase()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow(database: "database: archive"));

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Equal(("002003", 422), (error.Code, error.StatusCode));
        Assert.Contains("Database 'ARCHIVE' does not exist or not authorized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_KeyNotRegisteredForTheUser_FailsNamingTheAccountAndUserNeverTheKey()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        using var stranger = new SnowflakeKeyPair();
        var pem = stranger.PrivateKeyPem;
        await using var source = harness.CreateSource(harness.Workflow(), environment: name => name == SnowflakeHarness.KeyVariable ? pem : null);

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.True(error.IsAuthenticationFailure);
        Assert.False(DurableIngest.Failures.ErrorClassifier.IsTransient(error));
        Assert.Contains("Snowflake account 'myorg-account1' refused the credentials of user INGEST", error.Message, StringComparison.Ordinal);
        Assert.Contains("390144", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
        foreach (var line in pem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(line, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Discover_IncludeStreams_WarnsThatStreamsAreNotIngested()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow("includeStreams: true\nqueryTag: durable-ingest"));

        var discovery = await source.DiscoverAsync(CancellationToken.None);

        Assert.Contains("streams are not ingested", Assert.Single(discovery.Warnings), StringComparison.Ordinal);
        Assert.Equal("durable-ingest", harness.StandIn.Statements[0].QueryTag);
        Assert.Equal(300, harness.StandIn.Statements[0].Timeout);
    }
}
