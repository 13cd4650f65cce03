using System.Security.Cryptography;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Workflow;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteSourceReadChunkTests
{
    private const string Prefix = "quickstart.warehouse.main.";

    [Fact]
    public async Task ReadChunkAsync_WholeWarehouse_ReadsEveryEntityInTheOrderAsked()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase);
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities.Reverse().ToList();

        var results = await source.ReadChunkAsync(entities, CancellationToken.None);

        Assert.Equal(entities, results.Select(r => r.Entity));
        Assert.All(results, r => Assert.Null(r.Failure));
        Assert.All(results, r => Assert.Equal(r.Entity.Name, r.Table!.Name));
        Assert.All(results, r => Assert.Equal(r.Entity.Kind, r.Table!.TableType));
        Assert.All(results, r => Assert.NotEmpty(r.Table!.Columns));
    }

    [Fact]
    public async Task ReadChunkAsync_AwkwardNames_ArePreservedExactly()
    {
        var tables = await ReadAsync("order lines", "sales.2024", "café_menu", "Zürich Filialen", "CustomerSegments");

        Assert.Equal(["export id", "order id", "unit price", "qty", "exported at"], tables["order lines"].Columns.Select(c => c.Name));
        Assert.Equal(["sale_id", "store_id", "sold_on", "net.amount", "gross amount"], tables["sales.2024"].Columns.Select(c => c.Name));
        Assert.Contains(tables["café_menu"].Columns, c => c.Name == "libellé");
        Assert.Equal(["Filial-Nr", "store_id", "Straße", "Öffnungszeiten"], tables["Zürich Filialen"].Columns.Select(c => c.Name));
        Assert.Equal(["SegmentId", "SegmentName", "IsActive"], tables["CustomerSegments"].Columns.Select(c => c.Name));
        Assert.Equal("quickstart.warehouse.main.\"sales.2024\"", tables["sales.2024"].FullyQualifiedName);
        Assert.Equal("quickstart.warehouse.main.Zürich Filialen", tables["Zürich Filialen"].FullyQualifiedName);
    }

    [Fact]
    public async Task ReadChunkAsync_Columns_KeepPositionTypeAndDeclaredSpelling()
    {
        var tables = await ReadAsync("products", "order_items", "etl_watermarks", "audit_log");
        var products = tables["products"].Columns.ToDictionary(c => c.Name);

        Assert.Equal(Enumerable.Range(1, products.Count), tables["products"].Columns.Select(c => c.OrdinalPosition!.Value));
        Assert.Equal(
            new Column { Name = "list_price", DataType = DataType.DECIMAL, Precision = 10, Scale = 2, DataTypeDisplay = "DECIMAL(10, 2)", Description = "Price before discounts, in currency_code", Constraint = ColumnConstraint.NotNull, OrdinalPosition = 6 },
            products["list_price"]);
        Assert.Equal(
            new Column { Name = "sku", DataType = DataType.VARCHAR, DataLength = 32, DataTypeDisplay = "VARCHAR(32)", Description = "Stock keeping unit printed on labels", Constraint = ColumnConstraint.Unique, OrdinalPosition = 2 },
            products["sku"]);
        Assert.Equal((DataType.DOUBLE, "REAL"), (products["weight_kg"].DataType, products["weight_kg"].DataTypeDisplay));
        Assert.Equal((DataType.JSON, "JSON"), (products["attributes"].DataType, products["attributes"].DataTypeDisplay));
        Assert.Equal(DataType.DATETIME, products["created_at"].DataType);
        Assert.Equal(DataType.BOOLEAN, products["is_discontinued"].DataType);

        var generated = tables["order_items"].Columns.Single(c => c.Name == "line_total");
        Assert.Equal((7, DataType.DECIMAL, "Computed by SQLite"), (generated.OrdinalPosition, generated.DataType, generated.Description));

        var untyped = tables["etl_watermarks"].Columns.Single(c => c.Name == "last_value");
        Assert.Equal((DataType.UNKNOWN, (string?)null, ColumnConstraint.Null), (untyped.DataType, untyped.DataTypeDisplay, untyped.Constraint));

        var any = tables["audit_log"].Columns.Single(c => c.Name == "payload");
        Assert.Equal((DataType.UNKNOWN, "ANY"), (any.DataType, any.DataTypeDisplay));
    }

    [Fact]
    public async Task ReadChunkAsync_SingleColumnKeys_AreColumnConstraints()
    {
        var customers = (await ReadAsync("customers"))["customers"];
        var constraints = customers.Columns.ToDictionary(c => c.Name, c => c.Constraint);

        Assert.Equal(ColumnConstraint.PrimaryKey, constraints["customer_id"]);
        Assert.Equal(ColumnConstraint.Unique, constraints["email"]);
        Assert.Equal(ColumnConstraint.Unique, constraints["external_ref"]);
        Assert.Equal(ColumnConstraint.NotNull, constraints["loyalty_points"]);
        Assert.Equal(ColumnConstraint.Null, constraints["first_name"]);
        Assert.DoesNotContain(customers.TableConstraints, c => c.ConstraintType is ConstraintType.PrimaryKey or ConstraintType.Unique);
    }

    [Fact]
    public async Task ReadChunkAsync_MultiColumnKeys_AreTableConstraints()
    {
        var tables = await ReadAsync("order_items", "shipments", "exchange_rates", "fact_inventory_snapshot");

        Assert.Equal(
            new TableConstraint { ConstraintType = ConstraintType.PrimaryKey, Columns = ["order_id", "line_no"] },
            tables["order_items"].TableConstraints[0],
            TableConstraintComparer.Instance);
        Assert.All(
            tables["order_items"].Columns.Where(c => c.Name is "order_id" or "line_no"),
            c => Assert.Equal(ColumnConstraint.NotNull, c.Constraint));
        Assert.Equal(
            new TableConstraint { ConstraintType = ConstraintType.Unique, Columns = ["carrier", "tracking_number"] },
            Assert.Single(tables["shipments"].TableConstraints, c => c.ConstraintType == ConstraintType.Unique),
            TableConstraintComparer.Instance);
        Assert.Equal(["currency_code", "rate_date"], tables["exchange_rates"].TableConstraints[0].Columns);
        Assert.Equal(["date_key", "store_id", "product_id"], tables["fact_inventory_snapshot"].TableConstraints[0].Columns);
    }

    [Fact]
    public async Task ReadChunkAsync_ForeignKeys_ReferToColumnFullyQualifiedNames()
    {
        var tables = await ReadAsync("orders", "returns", "sales_corrections", "product_reviews", "customers", "categories");

        Assert.Equal(
            [
                ForeignKey(["currency_code"], "currencies.currency_code"),
                ForeignKey(["customer_id"], "customers.customer_id"),
                ForeignKey(["customer_id", "ship_to_address_no"], "customer_addresses.customer_id", "customer_addresses.address_no"),
                ForeignKey(["employee_id"], "employees.employee_id"),
                ForeignKey(["store_id"], "stores.store_id"),
            ],
            tables["orders"].TableConstraints.Where(c => c.ConstraintType == ConstraintType.ForeignKey),
            TableConstraintComparer.Instance);
        Assert.Equal(
            [ForeignKey(["order_id", "line_no"], "order_items.order_id", "order_items.line_no")],
            tables["returns"].TableConstraints,
            TableConstraintComparer.Instance);
        Assert.Equal(
            ["quickstart.warehouse.main.\"sales.2024\".sale_id"],
            Assert.Single(tables["sales_corrections"].TableConstraints).ReferredColumns);
        Assert.Equal(
            ["quickstart.warehouse.main.CustomerSegments.SegmentId"],
            tables["customers"].TableConstraints.Single(c => c.Columns.SequenceEqual(["segment_id"])).ReferredColumns);
        Assert.Equal(
            ["quickstart.warehouse.main.categories.category_id"],
            Assert.Single(tables["categories"].TableConstraints).ReferredColumns);
    }

    [Fact]
    public async Task ReadChunkAsync_ForeignKeysSpelledLooselyInTheDdl_ReferToTheRealNames()
    {
        var reviews = (await ReadAsync("product_reviews"))["product_reviews"];

        Assert.Equal(
            [
                // REFERENCES customers: no column list, so the parent's primary key.
                ForeignKey(["customer_id"], "customers.customer_id"),
                // REFERENCES Products (Product_Id): SQLite ignores the case; the catalog gets the real names.
                ForeignKey(["product_id"], "products.product_id"),
            ],
            reviews.TableConstraints,
            TableConstraintComparer.Instance);
    }

    [Fact]
    public async Task ReadChunkAsync_Views_HaveTheirSqlAndColumns()
    {
        var tables = await ReadAsync("v_order_summary", "v customer lifetime value");
        var summary = tables["v_order_summary"];

        Assert.Equal(TableType.View, summary.TableType);
        Assert.StartsWith("CREATE VIEW v_order_summary -- One row per order", summary.SchemaDefinition, StringComparison.Ordinal);
        Assert.EndsWith("GROUP BY o.order_id", summary.SchemaDefinition, StringComparison.Ordinal);
        Assert.Equal("One row per order with its customer and line count", summary.Description);
        Assert.Equal(
            ["order_id", "order_number", "ordered_at", "customer_email", "store_name", "line_count", "total_amount"],
            summary.Columns.Select(c => c.Name));
        Assert.Equal((DataType.VARCHAR, 254), (summary.Columns[3].DataType, summary.Columns[3].DataLength!.Value));
        Assert.Equal(DataType.UNKNOWN, summary.Columns[5].DataType);
        Assert.Empty(summary.TableConstraints);
        Assert.True(summary.SourceDetails.IsEmpty);
        Assert.Equal("Revenue per customer over all time", tables["v customer lifetime value"].Description);
    }

    [Fact]
    public async Task ReadChunkAsync_TablesWithoutViews_HaveNoSchemaDefinition()
    {
        Assert.Null((await ReadAsync("orders"))["orders"].SchemaDefinition);
    }

    [Fact]
    public async Task ReadChunkAsync_DdlComments_BecomeDescriptions()
    {
        var tables = await ReadAsync("customers", "dim_date", "v_product_catalog", "Zürich Filialen", "order lines");

        Assert.Equal("People who bought at least once", tables["customers"].Description);
        Assert.Equal("Surrogate key", tables["customers"].Columns.Single(c => c.Name == "customer_id").Description);
        Assert.Equal("Login and contact address", tables["customers"].Columns.Single(c => c.Name == "email").Description);
        Assert.Null(tables["customers"].Columns.Single(c => c.Name == "first_name").Description);
        Assert.Equal("Calendar dimension, one row per day", tables["dim_date"].Description);
        Assert.Equal("yyyymmdd", tables["dim_date"].Columns[0].Description);
        Assert.Equal("Products with their category and supplier, as the web shop lists them", tables["v_product_catalog"].Description);
        Assert.Equal("Street and number", tables["Zürich Filialen"].Columns.Single(c => c.Name == "Straße").Description);
        Assert.Equal("Price as the till recorded it", tables["order lines"].Columns.Single(c => c.Name == "unit price").Description);
    }

    [Fact]
    public async Task ReadChunkAsync_Indexes_AreListedByNameWithoutSqliteAutoindexes()
    {
        var tables = await ReadAsync("orders", "customers", "shipments", "sales.2024", "currencies");

        Assert.Equal(["ix_orders_customer_ordered", "ix_orders_store"], tables["orders"].SourceDetails.Indexes.Select(i => i.Name));
        var byCustomer = tables["orders"].SourceDetails.Indexes[0];
        Assert.Equal(["customer_id", "ordered_at"], byCustomer.Columns);
        Assert.False(byCustomer.Unique);
        Assert.Equal("CREATE INDEX ix_orders_customer_ordered ON orders (customer_id, ordered_at)", byCustomer.Definition);

        var lowerEmail = Assert.Single(tables["customers"].SourceDetails.Indexes);
        Assert.Equal(("ux_customers_email_lower", true), (lowerEmail.Name, lowerEmail.Unique));
        Assert.Equal([SqliteTableBuilder.ExpressionColumn], lowerEmail.Columns);

        Assert.EndsWith("WHERE delivered_at IS NULL", Assert.Single(tables["shipments"].SourceDetails.Indexes).Definition, StringComparison.Ordinal);
        Assert.Equal(["store_id", "sold_on"], Assert.Single(tables["sales.2024"].SourceDetails.Indexes, i => i.Name == "ix sales.2024 store").Columns);
        Assert.Empty(tables["currencies"].SourceDetails.Indexes);
        Assert.DoesNotContain(tables.Values.SelectMany(t => t.SourceDetails.Indexes), i => i.Name.StartsWith("sqlite_autoindex", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadChunkAsync_TableDroppedAfterDiscovery_FailsAsNotFoundAndReadsTheRest()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.CopyOfWarehouse();
        await using var source = SqliteWorkflow.Source(database);
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;
        Warehouse.Execute(database, "DROP VIEW v_order_summary; DROP TABLE returns;");

        var results = await source.ReadChunkAsync(entities, CancellationToken.None);

        var failed = results.Where(r => r.Failure is not null).ToList();
        Assert.Equal(["returns", "v_order_summary"], failed.Select(r => r.Entity.Name).Order(StringComparer.Ordinal));
        Assert.All(failed, r => Assert.Equal("NotFound", r.Failure!.ErrorType));
        Assert.All(failed, r => Assert.StartsWith("not found: warehouse.main.", r.Failure!.Message, StringComparison.Ordinal));
        Assert.All(failed, r => Assert.Equal(FailureDetail.ReadStage, r.Failure!.Stage));
        Assert.Equal(entities.Count - 2, results.Count(r => r.Table is not null));
    }

    [Fact]
    public async Task ReadChunkAsync_BrokenView_FailsAloneWhileTheRestIsRead()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.CopyOfWarehouse();
        Warehouse.Execute(database, "DROP TABLE \"sales.2024\"; CREATE VIEW v_broken AS SELECT * FROM \"sales.2024\";");
        await using var source = SqliteWorkflow.Source(database);
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;

        var results = await source.ReadChunkAsync(entities, CancellationToken.None);

        var failure = Assert.Single(results, r => r.Failure is not null);
        Assert.Equal("v_broken", failure.Entity.Name);
        Assert.Equal(nameof(SqliteException), failure.Failure!.ErrorType);
        Assert.Contains("sales.2024", failure.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(entities.Count - 1, results.Count(r => r.Table is not null));
    }

    [Fact]
    public async Task ReadChunkAsync_AnyChunkSize_UsesTheSameNumberOfCommands()
    {
        var counter = new CommandCounter();
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase, connectionFactory: counter.Factory);
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;
        var commandsPerChunk = new List<int>();

        foreach (var size in new[] { 1, 2, 5, 13, entities.Count })
        {
            counter.Reset();
            var results = await source.ReadChunkAsync([.. entities.Take(size)], CancellationToken.None);
            Assert.All(results, r => Assert.NotNull(r.Table));
            commandsPerChunk.Add(counter.Count);
        }

        Assert.Single(commandsPerChunk.Distinct());
        Assert.InRange(commandsPerChunk[0], 1, 6);
    }

    [Fact]
    public async Task ReadChunkAsync_NamesThatLookLikeSql_TravelAsDataNotAsSql()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.File("odd.db");
        Warehouse.Build(database, """"
            CREATE TABLE "Robert'); DROP TABLE victims; --" ("it's" TEXT, "say ""hi""" INTEGER);
            CREATE TABLE victims (id INTEGER PRIMARY KEY);
            CREATE TABLE "[]" (x REFERENCES "Robert'); DROP TABLE victims; --" ("it's"));
            """");
        await using var source = SqliteWorkflow.Source(database);
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;

        var results = await source.ReadChunkAsync(entities, CancellationToken.None);

        Assert.Equal(["Robert'); DROP TABLE victims; --", "[]", "victims"], results.Select(r => r.Table!.Name));
        Assert.Equal(["it's", "say \"hi\""], results[0].Table!.Columns.Select(c => c.Name));
        Assert.Equal(
            ["quickstart.warehouse.main.Robert'); DROP TABLE victims; --.it's"],
            Assert.Single(results[1].Table!.TableConstraints).ReferredColumns);
    }

    [Fact]
    public async Task ReadChunkAsync_EntityOfAnotherDatabase_IsNotFound()
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase);

        var result = Assert.Single(await source.ReadChunkAsync([new DiscoveredEntity("other", "main", "orders", TableType.Regular)], CancellationToken.None));

        Assert.Equal("NotFound", result.Failure!.ErrorType);
    }

    [Fact]
    public async Task ReadChunkAsync_NeverChangesTheDatabaseFile()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.CopyOfWarehouse();
        var before = SHA256.HashData(await File.ReadAllBytesAsync(database));
        await using (var source = SqliteWorkflow.Source(database))
        {
            _ = await source.ReadChunkAsync((await source.DiscoverAsync(CancellationToken.None)).Entities, CancellationToken.None);
        }

        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(database)));
        Assert.Equal(["warehouse.db"], Directory.GetFiles(directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ReadChunkAsync_DatabaseLockedByAWriter_ThrowsATransientError()
    {
        using var directory = new TemporaryDirectory();
        var database = directory.CopyOfWarehouse();
        await using var source = SqliteWorkflow.Source(database, connectionFactory: cs => new SqliteConnection(cs + ";Default Timeout=1"));
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;
        await using var writer = new SqliteConnection($"Data Source={database};Pooling=False");
        await writer.OpenAsync();
        await using var lockCommand = writer.CreateCommand();
        lockCommand.CommandText = "BEGIN EXCLUSIVE";
        await lockCommand.ExecuteNonQueryAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => source.ReadChunkAsync(entities, CancellationToken.None));

        Assert.Equal(5, error.SqliteErrorCode);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task ReadChunkAsync_FreshBuildFromTheScript_ReadsTheSameCatalogAsTheShippedDatabase()
    {
        using var directory = new TemporaryDirectory();
        var fresh = directory.File("fresh.db");
        Warehouse.Build(fresh, await File.ReadAllTextAsync(Warehouse.Script));

        var shipped = await ReadDocumentsAsync(Warehouse.ShippedDatabase);
        var rebuilt = await ReadDocumentsAsync(fresh);

        Assert.Equal(shipped.Keys, rebuilt.Keys);
        Assert.All(shipped, pair => Assert.Equal(pair.Value, rebuilt[pair.Key]));
    }

    private static async Task<Dictionary<string, string>> ReadDocumentsAsync(string database)
    {
        await using var source = SqliteWorkflow.Source(database);
        var results = await source.ReadChunkAsync((await source.DiscoverAsync(CancellationToken.None)).Entities, CancellationToken.None);
        return results.ToDictionary(r => r.Entity.Name, r => System.Text.Encoding.UTF8.GetString(EntityJson.SerializeTableDocument(r.Table!)));
    }

    private static async Task<Dictionary<string, TableMetadata>> ReadAsync(params string[] names)
    {
        await using var source = SqliteWorkflow.Source(Warehouse.ShippedDatabase);
        var entities = names.Select(n => new DiscoveredEntity("warehouse", "main", n, n.StartsWith('v') ? TableType.View : TableType.Regular)).ToList();
        var results = await source.ReadChunkAsync(entities, CancellationToken.None);
        Assert.All(results, r => Assert.Null(r.Failure));
        return results.ToDictionary(r => r.Entity.Name, r => r.Table!);
    }

    private static TableConstraint ForeignKey(string[] columns, params string[] referred) => new()
    {
        ConstraintType = ConstraintType.ForeignKey,
        Columns = columns,
        ReferredColumns = [.. referred.Select(r => Prefix + r)],
    };

    /// <summary>Compares constraints by value (their lists are compared item by item).</summary>
    private sealed class TableConstraintComparer : IEqualityComparer<TableConstraint>
    {
        public static readonly TableConstraintComparer Instance = new();

        public bool Equals(TableConstraint? x, TableConstraint? y) =>
            x is not null && y is not null
            && x.ConstraintType == y.ConstraintType
            && x.Columns.SequenceEqual(y.Columns)
            && (x.ReferredColumns ?? []).SequenceEqual(y.ReferredColumns ?? []);

        public int GetHashCode(TableConstraint obj) => obj.ConstraintType.GetHashCode();
    }
}
