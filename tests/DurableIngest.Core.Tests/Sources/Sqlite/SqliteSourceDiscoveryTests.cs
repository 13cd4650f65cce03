using DurableIngest.Configuration;
using DurableIngest.Entities;
using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteSourceDiscoveryTests
{
    [Fact]
    public async Task DiscoverAsync_Warehouse_ListsEveryTableAndViewByNameWithoutSqliteInternals()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(Warehouse.TableCount, result.Entities.Count(e => e.Kind == TableType.Regular));
        Assert.Equal(Warehouse.ViewCount, result.Entities.Count(e => e.Kind == TableType.View));
        Assert.DoesNotContain(result.Entities, e => e.Name.StartsWith("sqlite_", StringComparison.OrdinalIgnoreCase));
        Assert.All(result.Entities, e => Assert.Equal(("warehouse", "main"), (e.Database, e.Schema)));
        Assert.Contains(result.Entities, e => e.Name == "order lines");
        Assert.Contains(result.Entities, e => e.Name == "sales.2024");
        Assert.Contains(result.Entities, e => e.Name == "café_menu");
        Assert.Contains(result.Entities, e => e.Name == "Zürich Filialen");
        Assert.Contains(result.Entities, e => e.Name == "CustomerSegments");
        Assert.Contains(result.Entities, e => e.Name == "v customer lifetime value" && e.Kind == TableType.View);
        Assert.Equal(result.Entities.Select(e => e.Name).Order(StringComparer.Ordinal), result.Entities.Select(e => e.Name));
        Assert.Empty(result.Filtered);
        Assert.Equal([new SchemaRef("quickstart", "warehouse", "main")], result.Schemas);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public async Task DiscoverAsync_ReadsNamesWithOneCommand()
    {
        var counter = new CommandCounter();
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, connectionFactory: counter.Factory);

        _ = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(1, counter.Count);
    }

    [Fact]
    public async Task DiscoverAsync_TableFilterWithIncludesAndExcludes_IncludesWin()
    {
        await using var source = SqliteWorkflow.Source(
            Warehouse.ShippedDatabase,
            ["tableFilterPattern:", "  includes: ['^fact_']", "  excludes: ['fact_sales']"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(["fact_inventory_snapshot", "fact_sales"], result.Entities.Select(e => e.Name));
        Assert.Equal(Warehouse.TableCount + Warehouse.ViewCount - 2, result.Filtered.Count);
        Assert.All(result.Filtered, f => Assert.Equal("excluded by tableFilterPattern", f.Reason));
        Assert.Contains(new FilteredEntity("warehouse.main.orders", "excluded by tableFilterPattern"), result.Filtered);
    }

    [Fact]
    public async Task DiscoverAsync_PatternThatBacktracksPastItsTimeout_FailsNamingThePattern()
    {
        using var folder = new TemporaryDirectory();
        var database = folder.File("long-names.db");
        var longName = new string('a', 60) + "b";
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database}"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = $"CREATE TABLE \"{longName}\" (id INTEGER)";
            create.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var source = SqliteWorkflow.Source(database, ["tableFilterPattern: {excludes: ['(?=a)(a|aa)+$']}"]);

        var error = await Assert.ThrowsAsync<FilterPatternTimeoutException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.Equal("(?=a)(a|aa)+$", error.Pattern);
    }

    [Fact]
    public async Task DiscoverAsync_TableFilter_MatchesAtTheStartOfTheNameIgnoringCase()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["tableFilterPattern: {includes: [ORDER]}"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(["order lines", "order_items", "order_promotions", "orders"], result.Entities.Select(e => e.Name));
        Assert.Contains(result.Filtered, f => f.Name == "warehouse.main.v_order_summary");
    }

    [Fact]
    public async Task DiscoverAsync_TableFilterExcludesOnly_DropsMatchesAndKeepsTheRest()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["tableFilterPattern: {excludes: ['v[ _]', 'SALES\\.']}"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(
            ["sales.2024", "v customer lifetime value", "v_daily_sales", "v_inventory_status", "v_order_summary", "v_product_catalog"],
            result.Filtered.Select(f => f.Name["warehouse.main.".Length..]).Order(StringComparer.Ordinal));
        Assert.Contains(result.Entities, e => e.Name == "sales_corrections");
    }

    [Fact]
    public async Task DiscoverAsync_IncludeViewsFalse_FiltersViewsWithTheReason()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["includeViews: false"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(Warehouse.TableCount, result.Entities.Count);
        Assert.All(result.Entities, e => Assert.Equal(TableType.Regular, e.Kind));
        Assert.Equal(Warehouse.ViewCount, result.Filtered.Count);
        Assert.All(result.Filtered, f => Assert.Equal("includeViews is false", f.Reason));
    }

    [Fact]
    public async Task DiscoverAsync_IncludeTablesFalse_KeepsOnlyViews()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["includeTables: false"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Equal(Warehouse.ViewCount, result.Entities.Count);
        Assert.All(result.Entities, e => Assert.Equal(TableType.View, e.Kind));
        Assert.All(result.Filtered, f => Assert.Equal("includeTables is false", f.Reason));
    }

    [Fact]
    public async Task DiscoverAsync_SchemaFilteredOut_ListsNoSchemaAndNoEntities()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["schemaFilterPattern: {excludes: ['^main$']}"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(result.Entities);
        Assert.Empty(result.Schemas);
        Assert.Equal([new FilteredEntity("warehouse.main", "excluded by schemaFilterPattern")], result.Filtered);
    }

    [Fact]
    public async Task DiscoverAsync_DatabaseFilteredOut_ListsNoSchemaAndNoEntities()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["databaseFilterPattern: {includes: [sales]}"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(result.Entities);
        Assert.Empty(result.Schemas);
        Assert.Equal([new FilteredEntity("warehouse", "excluded by databaseFilterPattern")], result.Filtered);
    }

    [Fact]
    public async Task DiscoverAsync_EverythingFilteredOut_StillListsTheSchema()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, ["tableFilterPattern: {includes: [nothing_is_called_this]}"]);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(result.Entities);
        Assert.Equal([new SchemaRef("quickstart", "warehouse", "main")], result.Schemas);
    }

    [Fact]
    public async Task DiscoverAsync_EmptyDatabaseFile_ListsTheEmptySchema()
    {
        using var directory = new TemporaryDirectory();
        var empty = directory.File("empty.db");
        await File.WriteAllBytesAsync(empty, []);
        await using var source = SqliteWorkflow.Source(empty);

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(result.Entities);
        Assert.Equal([new SchemaRef("quickstart", "warehouse", "main")], result.Schemas);
    }

    [Fact]
    public async Task DiscoverAsync_InMemory_WarnsThatThereIsNothingToIngest()
    {
        await using var source = SqliteWorkflow.Source(":memory:");

        var result = await source.DiscoverAsync(CancellationToken.None);

        Assert.Empty(result.Entities);
        Assert.Single(result.Schemas);
        Assert.Contains(":memory:", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }
}
