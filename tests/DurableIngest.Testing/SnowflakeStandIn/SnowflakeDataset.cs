namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// The test account's contents: database SALES with schema PUBLIC (tables with primary, unique and foreign keys, a
/// secure view, a materialized view, transient, dynamic, external, Iceberg and event tables, a clustered table, a
/// temporary table), an empty schema EMPTY, and schema RESTRICTED whose keys the role may not read; database HR with
/// schema PEOPLE; and database ARCHIVE the role may not use at all.
/// </summary>
public static class SnowflakeDataset
{
    public const string Sales = "SALES";
    public const string Hr = "HR";
    public const string Archive = "ARCHIVE";

    public static SnowflakeWarehouse Create()
    {
        var warehouse = new SnowflakeWarehouse();
        warehouse.AddDatabase(Sales, "Sales data");
        warehouse.AddSchema(Sales, "PUBLIC");
        warehouse.AddSchema(Sales, "EMPTY");
        warehouse.AddSchema(Sales, "RESTRICTED");
        AddSales(warehouse);

        warehouse.AddDatabase(Hr);
        warehouse.AddSchema(Hr, "PEOPLE");
        warehouse.AddTable(Hr, "PEOPLE", "EMPLOYEES", new SnowflakeTableSpec
        {
            Columns = [new("ID", "NUMBER", false, Precision: 38, Scale: 0), new("NAME", "TEXT", Length: 200)],
        });
        warehouse.AddPrimaryKey(Hr, "PEOPLE", "EMPLOYEES", "PK_EMPLOYEES", "ID");

        warehouse.AddDatabase(Archive);
        warehouse.AddSchema(Archive, "OLD");
        warehouse.AddTable(Archive, "OLD", "LEDGER", new SnowflakeTableSpec { Columns = [new("ID", "NUMBER", Precision: 38, Scale: 0)] });
        warehouse.DenyDatabase(Archive);
        return warehouse;
    }

    /// <summary>The tables and views discovery should find in SALES.PUBLIC with default settings (no transient tables).</summary>
    public static readonly IReadOnlyList<string> PublicDefaults =
        ["CUSTOMERS", "DAILY_SALES", "EVENTS", "EVENTS_EXT", "ORDERS", "ORDER_ITEMS", "ORDER_TOTALS", "PRODUCTS_ICE", "SALES_MV"];

    private static void AddSales(SnowflakeWarehouse w)
    {
        w.AddTable(Sales, "PUBLIC", "CUSTOMERS", new SnowflakeTableSpec
        {
            Comment = "People who buy",
            Columns =
            [
                new("ID", "NUMBER", false, Precision: 38, Scale: 0),
                new("EMAIL", "TEXT", false, Length: 320, Comment: "Login e-mail"),
                new("PROFILE", "VARIANT"),
                new("TAGS", "ARRAY"),
                new("ADDRESS", "OBJECT"),
                new("HOME", "GEOGRAPHY"),
                new("CREATED_AT", "TIMESTAMP_LTZ"),
            ],
        });
        w.AddPrimaryKey(Sales, "PUBLIC", "CUSTOMERS", "PK_CUSTOMERS", "ID");
        w.AddUniqueKey(Sales, "PUBLIC", "CUSTOMERS", "UQ_CUSTOMERS_EMAIL", "EMAIL");

        w.AddTable(Sales, "PUBLIC", "ORDERS", new SnowflakeTableSpec
        {
            ClusteringKey = "LINEAR(ORDER_DATE, CUSTOMER_ID)",
            Columns =
            [
                new("ID", "NUMBER", false, Precision: 38, Scale: 0),
                new("CUSTOMER_ID", "NUMBER", false, Precision: 38, Scale: 0),
                new("ORDER_DATE", "DATE", false),
                new("TOTAL", "NUMBER", Precision: 12, Scale: 2),
                new("PAID", "BOOLEAN"),
                new("PLACED_AT", "TIMESTAMP_NTZ"),
                new("PLACED_AT_TZ", "TIMESTAMP_TZ"),
                new("NOTE", "TEXT", Length: 16_777_216),
                new("CHECKSUM", "BINARY", Length: 32),
                new("RATIO", "FLOAT"),
                new("PICKUP_TIME", "TIME"),
            ],
        });
        w.AddPrimaryKey(Sales, "PUBLIC", "ORDERS", "PK_ORDERS", "ID");
        w.AddForeignKey(Sales, "PUBLIC", "ORDERS", "FK_ORDERS_CUSTOMER", ["CUSTOMER_ID"], Sales, "PUBLIC", "CUSTOMERS", ["ID"], "PK_CUSTOMERS");

        w.AddTable(Sales, "PUBLIC", "ORDER_ITEMS", new SnowflakeTableSpec
        {
            Columns =
            [
                new("ORDER_ID", "NUMBER", false, Precision: 38, Scale: 0),
                new("LINE", "NUMBER", false, Precision: 38, Scale: 0),
                new("SKU", "TEXT", Length: 40),
                new("AMOUNT", "NUMBER", Precision: 10, Scale: 2),
            ],
        });
        w.AddPrimaryKey(Sales, "PUBLIC", "ORDER_ITEMS", "PK_ORDER_ITEMS", "ORDER_ID", "LINE");
        w.AddUniqueKey(Sales, "PUBLIC", "ORDER_ITEMS", "UQ_ITEMS_SKU", "ORDER_ID", "SKU");
        w.AddForeignKey(Sales, "PUBLIC", "ORDER_ITEMS", "FK_ITEMS_ORDER", ["ORDER_ID"], Sales, "PUBLIC", "ORDERS", ["ID"], "PK_ORDERS");

        w.AddTable(Sales, "PUBLIC", "ORDER_TOTALS", new SnowflakeTableSpec
        {
            TableType = "VIEW",
            IsSecure = true,
            Comment = "Totals per customer",
            ViewDefinition = "create secure view ORDER_TOTALS as select CUSTOMER_ID, sum(TOTAL) as TOTAL from ORDERS group by CUSTOMER_ID;",
            Columns = [new("CUSTOMER_ID", "NUMBER", Precision: 38, Scale: 0), new("TOTAL", "NUMBER", Precision: 38, Scale: 2)],
        });
        w.AddTable(Sales, "PUBLIC", "SALES_MV", new SnowflakeTableSpec
        {
            TableType = "MATERIALIZED VIEW",
            ViewDefinition = "create materialized view SALES_MV as select ORDER_DATE, count(*) as N from ORDERS group by ORDER_DATE;",
            Columns = [new("ORDER_DATE", "DATE"), new("N", "NUMBER", Precision: 18, Scale: 0)],
        });
        w.AddTable(Sales, "PUBLIC", "STAGING_ORDERS", new SnowflakeTableSpec { IsTransient = true, Columns = [new("RAW", "VARIANT")] });
        w.AddTable(Sales, "PUBLIC", "DAILY_SALES", new SnowflakeTableSpec { IsDynamic = true, Columns = [new("DAY", "DATE"), new("TOTAL", "NUMBER", Precision: 38, Scale: 2)] });
        w.AddTable(Sales, "PUBLIC", "EVENTS_EXT", new SnowflakeTableSpec { TableType = "EXTERNAL TABLE", Columns = [new("VALUE", "VARIANT", false)] });
        w.AddTable(Sales, "PUBLIC", "PRODUCTS_ICE", new SnowflakeTableSpec { IsIceberg = true, Columns = [new("SKU", "TEXT", Length: 40), new("SHAPE", "GEOMETRY")] });
        w.AddTable(Sales, "PUBLIC", "EVENTS", new SnowflakeTableSpec { TableType = "EVENT TABLE", Columns = [new("TIMESTAMP", "TIMESTAMP_NTZ"), new("RECORD", "OBJECT")] });
        w.AddTable(Sales, "PUBLIC", "SESSION_TMP", new SnowflakeTableSpec { TableType = "TEMPORARY TABLE", Columns = [new("X", "NUMBER", Precision: 38, Scale: 0)] });

        w.AddTable(Sales, "RESTRICTED", "PAYROLL", new SnowflakeTableSpec { Columns = [new("ID", "NUMBER", Precision: 38, Scale: 0)] });
        w.DenySchema(Sales, "RESTRICTED");
    }
}
