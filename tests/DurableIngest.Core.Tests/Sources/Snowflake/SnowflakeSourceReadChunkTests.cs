using DurableIngest.Entities;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeSourceReadChunkTests
{
    [Fact]
    public async Task ReadChunk_StandardDataset_ReadsEveryTableWithColumnsKeysAndKinds()
    {
        await using var harness = await SnowflakeHarness.StartAsync();

        var (discovery, results) = await harness.RunAsync(harness.Workflow(sourceConfigExtra: "includeOwners: true\nschemaFilterPattern:\n  excludes: [\"^RESTRICTED$\"]"));

        Assert.All(results, r => Assert.Null(r.Failure));
        var tables = results.ToDictionary(r => r.Entity.Name, r => r.Table!);
        Assert.Equal(SnowflakeDataset.PublicDefaults, tables.Keys.Order(StringComparer.Ordinal));

        var orders = tables["ORDERS"];
        Assert.Equal("snow.SALES.PUBLIC.ORDERS", orders.FullyQualifiedName);
        Assert.Equal(TableType.Regular, orders.TableType);
        Assert.Equal(["ID", "CUSTOMER_ID", "ORDER_DATE", "TOTAL", "PAID", "PLACED_AT", "PLACED_AT_TZ", "NOTE", "CHECKSUM", "RATIO", "PICKUP_TIME"], orders.Columns.Select(c => c.Name));
        var id = orders.Columns[0];
        Assert.Equal((DataType.NUMBER, "NUMBER(38,0)", 38, 0, ColumnConstraint.PrimaryKey), (id.DataType, id.DataTypeDisplay, id.Precision!.Value, id.Scale!.Value, id.Constraint!.Value));
        Assert.Equal(ColumnConstraint.NotNull, orders.Columns[1].Constraint);
        Assert.Equal(ColumnConstraint.Null, orders.Columns[3].Constraint);
        Assert.Equal((DataType.VARCHAR, 16_777_216), (orders.Columns[7].DataType, orders.Columns[7].DataLength!.Value));
        Assert.Equal(DataType.TIMESTAMPZ, orders.Columns[6].DataType);
        var foreignKey = Assert.Single(orders.TableConstraints);
        Assert.Equal(ConstraintType.ForeignKey, foreignKey.ConstraintType);
        Assert.Equal(["CUSTOMER_ID"], foreignKey.Columns);
        Assert.Equal(["snow.SALES.PUBLIC.CUSTOMERS.ID"], foreignKey.ReferredColumns);
        Assert.Equal(["ORDER_DATE", "CUSTOMER_ID"], orders.TablePartition!.Columns);
        Assert.Equal("LINEAR(ORDER_DATE, CUSTOMER_ID)", orders.SourceDetails.Properties["clusteringKey"]);
        Assert.Equal(["SYSADMIN"], orders.SourceDetails.Owners);

        var items = tables["ORDER_ITEMS"];
        Assert.Contains(items.TableConstraints, c => c.ConstraintType == ConstraintType.PrimaryKey && c.Columns.SequenceEqual(["ORDER_ID", "LINE"]));
        Assert.Contains(items.TableConstraints, c => c.ConstraintType == ConstraintType.Unique && c.Columns.SequenceEqual(["ORDER_ID", "SKU"]));

        var customers = tables["CUSTOMERS"];
        Assert.Equal("People who buy", customers.Description);
        Assert.Equal(ColumnConstraint.Unique, customers.Columns.Single(c => c.Name == "EMAIL").Constraint);
        Assert.Equal("Login e-mail", customers.Columns.Single(c => c.Name == "EMAIL").Description);

        var totals = tables["ORDER_TOTALS"];
        Assert.Equal(TableType.SecureView, totals.TableType);
        Assert.StartsWith("create secure view ORDER_TOTALS", totals.SchemaDefinition, StringComparison.Ordinal);
        Assert.Equal(TableType.MaterializedView, tables["SALES_MV"].TableType);
        Assert.NotNull(tables["SALES_MV"].SchemaDefinition);
        Assert.Equal(TableType.External, tables["EVENTS_EXT"].TableType);
        Assert.Equal(TableType.Iceberg, tables["PRODUCTS_ICE"].TableType);
        Assert.Equal("DYNAMIC", tables["DAILY_SALES"].SourceDetails.Properties["snowflakeTableKind"]);
        Assert.Equal("EVENT", tables["EVENTS"].SourceDetails.Properties["snowflakeTableKind"]);
        Assert.Contains(discovery.Schemas, s => s.Schema == "EMPTY");
    }

    [Fact]
    public async Task ReadChunk_SchemaWhoseKeysTheRoleMayNotRead_FailsOnlyThatSchemasEntities()
    {
        await using var harness = await SnowflakeHarness.StartAsync();

        var (discovery, results) = await harness.RunAsync(harness.Workflow());

        var failed = Assert.Single(results, r => r.Failure is not null);
        Assert.Equal("SALES.RESTRICTED.PAYROLL", failed.Entity.DisplayName);
        Assert.Equal(nameof(SnowflakeApiException), failed.Failure!.ErrorType);
        Assert.Contains("schema SALES.RESTRICTED", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("002003", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Contains("not authorized", failed.Failure.Message, StringComparison.Ordinal);
        Assert.Equal(discovery.Entities.Count - 1, results.Count(r => r.Table is not null));
    }

    [Fact]
    public async Task ReadChunk_TableDroppedAfterDiscovery_IsNotFoundAndTheRestAreRead()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow());
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        harness.StandIn.Warehouse.DropTable(SnowflakeDataset.Sales, "PUBLIC", "ORDERS");

        var results = await source.ReadChunkAsync([.. discovery.Entities.Where(e => e.Schema == "PUBLIC")], CancellationToken.None);

        var missing = Assert.Single(results, r => r.Failure is not null);
        Assert.Equal(("ORDERS", SnowflakeSource.NotFoundError), (missing.Entity.Name, missing.Failure!.ErrorType));
    }

    [Fact]
    public async Task ReadChunk_ManyChunksOfOneSchema_ShowsEachKindOfKeyOncePerSchemaNeverPerTable()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow(sourceConfigExtra: "schemaFilterPattern:\n  includes: [\"^PUBLIC$\"]"));
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        var before = harness.StandIn.Statements.Count;

        foreach (var chunk in discovery.Entities.Chunk(2))
        {
            Assert.All(await source.ReadChunkAsync(chunk, CancellationToken.None), r => Assert.Null(r.Failure));
        }

        var statements = harness.StandIn.Statements.Skip(before).ToList();
        var chunks = (discovery.Entities.Count + 1) / 2;
        Assert.Equal(9, discovery.Entities.Count);
        Assert.Equal(["SHOW IMPORTED KEYS IN SCHEMA \"SALES\".\"PUBLIC\"", "SHOW PRIMARY KEYS IN SCHEMA \"SALES\".\"PUBLIC\"", "SHOW UNIQUE KEYS IN SCHEMA \"SALES\".\"PUBLIC\""],
            statements.Where(s => s.Sql.StartsWith("SHOW", StringComparison.Ordinal)).Select(s => s.Sql).Order(StringComparer.Ordinal));
        Assert.Equal(chunks, statements.Count(s => s.Sql.Contains("INFORMATION_SCHEMA.TABLES", StringComparison.Ordinal)));
        Assert.Equal(chunks, statements.Count(s => s.Sql.Contains("INFORMATION_SCHEMA.COLUMNS", StringComparison.Ordinal)));
        Assert.True(statements.Count(s => s.Sql.Contains("INFORMATION_SCHEMA.VIEWS", StringComparison.Ordinal)) <= chunks);
        Assert.All(statements, s => Assert.Equal(("SALES", "COMPUTE_WH", "METADATA_READER"), (s.Database, s.Warehouse, s.Role)));
    }

    [Fact]
    public async Task ReadChunk_OneChunkOfEveryTable_SendsAFixedNumberOfStatementsWhateverItsSize()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        await using var source = harness.CreateSource(harness.Workflow(sourceConfigExtra: "schemaFilterPattern:\n  includes: [\"^PUBLIC$\"]"));
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        var before = harness.StandIn.Statements.Count;

        await source.ReadChunkAsync(discovery.Entities, CancellationToken.None);

        // TABLES, COLUMNS, VIEWS for the database, and the three SHOW commands for its one schema.
        var statements = harness.StandIn.Statements.Skip(before).ToList();
        Assert.Equal(6, statements.Count);
        Assert.All(statements, s => Assert.True(s.Executed));
        var columns = statements.Single(s => s.Sql.Contains("INFORMATION_SCHEMA.COLUMNS", StringComparison.Ordinal));
        Assert.Equal(["PUBLIC", .. discovery.Entities.Select(e => e.Name)], columns.Bindings);
    }

    [Fact]
    public async Task ReadChunk_ChunkSizesOneAndFifty_ReadTheSameTables()
    {
        await using var harness = await SnowflakeHarness.StartAsync();

        var (_, one) = await harness.RunAsync(harness.Workflow(), chunkSize: 1);
        var (_, fifty) = await harness.RunAsync(harness.Workflow(), chunkSize: 50);

        Assert.Equal(
            fifty.Select(r => Convert.ToHexString(EntityJson.SerializeTableDocument(r.Table ?? Placeholder(r.Entity.Name)))),
            one.Select(r => Convert.ToHexString(EntityJson.SerializeTableDocument(r.Table ?? Placeholder(r.Entity.Name)))));
    }

    private static TableMetadata Placeholder(string name) => new()
    {
        Schema = new SchemaRef("failed", "failed", "failed"),
        Name = name,
        TableType = TableType.Regular,
        Columns = [],
    };
}
