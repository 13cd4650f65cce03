using DurableIngest.Entities;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresSourceReadTests : IClassFixture<FeatureDatabaseFixture>
{
    private readonly FeatureDatabaseFixture _db;

    public PostgresSourceReadTests(FeatureDatabaseFixture db) => _db = db;

    [Fact]
    public void ReadChunk_EveryDiscoveredEntity_Succeeds()
    {
        Assert.All(_db.Results, r => Assert.Null(r.Failure));
        Assert.Equal(_db.Discovery.Entities.Count, _db.Results.Count);
    }

    [Theory]
    [InlineData("id", DataType.BIGINT, null, null, null, null, "bigint")]
    [InlineData("legacy_id", DataType.INT, null, null, null, null, "integer")]
    [InlineData("email", DataType.VARCHAR, null, 320, null, null, "character varying(320)")]
    [InlineData("country", DataType.CHAR, null, 2, null, null, "character(2)")]
    [InlineData("mood", DataType.ENUM, null, null, null, null, "app.mood")]
    [InlineData("zip", DataType.VARCHAR, null, 10, null, null, "app.\"código_postal\"")]
    [InlineData("zip2", DataType.VARCHAR, null, 10, null, null, "app.\"çödé_wrapper\"")]
    [InlineData("tags", DataType.ARRAY, DataType.TEXT, null, null, null, "text[]")]
    [InlineData("scores", DataType.ARRAY, DataType.INT, null, null, null, "integer[]")]
    [InlineData("nested", DataType.ARRAY, DataType.NUMERIC, null, null, null, "numeric(8,2)[]")]
    [InlineData("profile", DataType.JSON, null, null, null, null, "jsonb")]
    [InlineData("settings", DataType.JSON, null, null, null, null, "json")]
    [InlineData("external_id", DataType.UUID, null, null, null, null, "uuid")]
    [InlineData("home", DataType.INET, null, null, null, null, "inet")]
    [InlineData("network", DataType.CIDR, null, null, null, null, "cidr")]
    [InlineData("device", DataType.MACADDR, null, null, null, null, "macaddr")]
    [InlineData("search", DataType.TSVECTOR, null, null, null, null, "tsvector")]
    [InlineData("doc", DataType.XML, null, null, null, null, "xml")]
    [InlineData("photo", DataType.BYTEA, null, null, null, null, "bytea")]
    [InlineData("session_length", DataType.INTERVAL, null, null, null, null, "interval")]
    [InlineData("created_at", DataType.TIMESTAMPZ, null, null, null, null, "timestamp with time zone")]
    [InlineData("updated_at", DataType.TIMESTAMP, null, null, null, null, "timestamp without time zone")]
    [InlineData("birthday", DataType.DATE, null, null, null, null, "date")]
    [InlineData("wake_up", DataType.TIME, null, null, null, null, "time without time zone")]
    [InlineData("balance", DataType.NUMERIC, null, null, 12, 2, "numeric(12,2)")]
    [InlineData("ratio", DataType.NUMERIC, null, null, null, null, "numeric")]
    [InlineData("score", DataType.FLOAT, null, null, null, null, "real")]
    [InlineData("precise", DataType.DOUBLE, null, null, null, null, "double precision")]
    [InlineData("small", DataType.SMALLINT, null, null, null, null, "smallint")]
    [InlineData("flag", DataType.BOOLEAN, null, null, null, null, "boolean")]
    [InlineData("address", DataType.STRUCT, null, null, null, null, "app.address")]
    [InlineData("period", DataType.UNKNOWN, null, null, null, null, "int4range")]
    [InlineData("money_col", DataType.NUMBER, null, null, null, null, "money")]
    public void ReadChunk_CustomerColumns_MapToOpenMetadataTypes(
        string column, DataType type, DataType? arrayType, int? length, int? precision, int? scale, string display)
    {
        var actual = _db.Table("app", "customers").Columns.Single(c => c.Name == column);

        Assert.Equal(type, actual.DataType);
        Assert.Equal(arrayType, actual.ArrayDataType);
        Assert.Equal(length, actual.DataLength);
        Assert.Equal(precision, actual.Precision);
        Assert.Equal(scale, actual.Scale);
        Assert.Equal(display, actual.DataTypeDisplay);
    }

    [Fact]
    public void ReadChunk_Customers_KeepsOrdinalsNullabilityCommentsAndChecks()
    {
        var table = _db.Table("app", "customers");

        Assert.Equal(Enumerable.Range(1, table.Columns.Count), table.Columns.Select(c => c.OrdinalPosition!.Value));
        Assert.Equal("People who buy things", table.Description);
        Assert.Equal("Where receipts go", table.Columns.Single(c => c.Name == "email").Description);
        Assert.Equal("Código postal (ES)", table.Columns.Single(c => c.Name == "zip").Description);
        Assert.Equal(ColumnConstraint.PrimaryKey, table.Columns.Single(c => c.Name == "id").Constraint);
        Assert.Equal(ColumnConstraint.Unique, table.Columns.Single(c => c.Name == "email").Constraint);
        Assert.Equal(ColumnConstraint.NotNull, table.Columns.Single(c => c.Name == "legacy_id").Constraint);
        Assert.Equal(ColumnConstraint.Null, table.Columns.Single(c => c.Name == "country").Constraint);
        Assert.Equal(TableType.Regular, table.TableType);
        var check = Assert.Single(table.SourceDetails.CheckConstraints);
        Assert.Equal("customers_balance_check", check.Name);
        Assert.Equal("CHECK ((balance >= (0)::numeric))", check.Expression);
        Assert.Empty(table.SourceDetails.Owners);
    }

    [Fact]
    public void ReadChunk_Orders_HasForeignKeyAsColumnFqnsAndEveryIndex()
    {
        var table = _db.Table("app", "orders");

        var foreignKey = Assert.Single(table.TableConstraints);
        Assert.Equal(ConstraintType.ForeignKey, foreignKey.ConstraintType);
        Assert.Equal(["customer_id"], foreignKey.Columns);
        Assert.Equal([$"{PostgresHarness.Service}.{_db.Database}.app.customers.id"], foreignKey.ReferredColumns);
        Assert.Equal(["orders_lower_idx", "orders_pkey", "orders_placed_at_idx"], table.SourceDetails.Indexes.Select(i => i.Name));
        var expression = table.SourceDetails.Indexes.Single(i => i.Name == "orders_lower_idx");
        Assert.Equal(["customer_id", "abs(total)"], expression.Columns);
        Assert.True(table.SourceDetails.Indexes.Single(i => i.Name == "orders_pkey").Unique);
        Assert.Equal("CREATE INDEX orders_placed_at_idx ON app.orders USING btree (placed_at DESC)",
            table.SourceDetails.Indexes.Single(i => i.Name == "orders_placed_at_idx").Definition);
        Assert.Equal("total_positive", Assert.Single(table.SourceDetails.CheckConstraints).Name);
    }

    [Fact]
    public async Task ReadChunk_OneTablePerChunk_NamesForeignKeysAndTypesFromOutsideTheChunkAlike()
    {
        // Alone in its chunk, every table's foreign keys reference a table the chunk did not read: the follow-up names it.
        var (_, alone) = await SourceHarness.RunAsync(_db.Yaml(), chunkSize: 1);

        Assert.Equal(Described(_db.Results), Described(alone));
        Assert.Contains(alone, r => r.Table!.TableConstraints.Any(c => c.ConstraintType == ConstraintType.ForeignKey && c.ReferredColumns!.Any(f => f.Contains(".order items.", StringComparison.Ordinal))));

        static List<string> Described(IReadOnlyList<DurableIngest.Sources.EntityReadResult> results) =>
        [
            .. results.OrderBy(r => r.Entity.DisplayName, StringComparer.Ordinal).Select(r =>
                $"{r.Entity.DisplayName}: {string.Join(" | ", r.Table!.TableConstraints.Select(c => $"{c.ConstraintType} ({string.Join(",", c.Columns)}) -> ({string.Join(",", c.ReferredColumns ?? [])})"))}"
                + $" / {string.Join(",", r.Table.Columns.Select(c => c.DataTypeDisplay))}"),
        ];
    }

    [Fact]
    public void ReadChunk_CompositeKeys_AreTableConstraintsInKeyOrder()
    {
        var parent = _db.Table("app", "parent_composite");
        var child = _db.Table("app", "child_composite");

        Assert.Contains(parent.TableConstraints, c => c.ConstraintType == ConstraintType.PrimaryKey && c.Columns.SequenceEqual(["a", "b"]));
        Assert.Contains(parent.TableConstraints, c => c.ConstraintType == ConstraintType.Unique && c.Columns.SequenceEqual(["b", "c"]));
        var foreignKey = Assert.Single(child.TableConstraints);
        Assert.Equal(["y", "x"], foreignKey.Columns);
        var prefix = $"{PostgresHarness.Service}.{_db.Database}.app.parent_composite.";
        Assert.Equal([prefix + "b", prefix + "a"], foreignKey.ReferredColumns);
    }

    [Fact]
    public void ReadChunk_RangePartitionedByTimestamp_IsTimeUnitWithTwelvePartitions()
    {
        var table = _db.Table("app", "measurements");

        Assert.Equal(TableType.Partitioned, table.TableType);
        Assert.Equal(new[] { "recorded_at" }, table.TablePartition!.Columns);
        Assert.Equal(PartitionIntervalType.TimeUnit, table.TablePartition.IntervalType);
        Assert.Equal("12", table.SourceDetails.Properties["partitionCount"]);
        Assert.Equal("RANGE (recorded_at)", table.SourceDetails.Properties["partitionKey"]);
        Assert.Equal("Monthly partitions", table.Description);
        Assert.Contains(table.TableConstraints, c => c.ConstraintType == ConstraintType.PrimaryKey && c.Columns.SequenceEqual(["id", "recorded_at"]));
    }

    [Fact]
    public void ReadChunk_ListHashAndIntegerRangePartitions_MapToTheirIntervalTypes()
    {
        Assert.Equal(PartitionIntervalType.ColumnValue, _db.Table("app", "orders_by_region").TablePartition!.IntervalType);
        Assert.Equal("3", _db.Table("app", "orders_by_region").SourceDetails.Properties["partitionCount"]);
        Assert.Equal(PartitionIntervalType.ColumnValue, _db.Table("app", "hashed").TablePartition!.IntervalType);
        Assert.Equal(PartitionIntervalType.IntegerRange, _db.Table("app", "ranged_ids").TablePartition!.IntervalType);
    }

    [Fact]
    public void Discover_Partitions_AreFoldedIntoTheirParentByDefault()
    {
        Assert.DoesNotContain(_db.Discovery.Entities, e => e.Name.StartsWith("measurements_2025", StringComparison.Ordinal));
        Assert.DoesNotContain(_db.Discovery.Entities, e => e.Name == "hashed_0");
        Assert.Contains(_db.Discovery.Entities, e => e.Name == "measurements" && e.Kind == TableType.Partitioned);
    }

    [Fact]
    public void ReadChunk_ViewsAndMaterializedViews_CarryTheirSqlAndColumns()
    {
        var view = _db.Table("app", "big_spenders");
        var materialized = _db.Table("app", "daily_totals");

        Assert.Equal(TableType.View, view.TableType);
        Assert.Equal("Customers by spend", view.Description);
        Assert.Contains("sum(o.total) AS spent", view.SchemaDefinition, StringComparison.Ordinal);
        Assert.Equal(["id", "email", "spent"], view.Columns.Select(c => c.Name));
        Assert.Equal(TableType.MaterializedView, materialized.TableType);
        Assert.Contains("GROUP BY", materialized.SchemaDefinition, StringComparison.Ordinal);
        Assert.Equal(DataType.DATE, materialized.Columns[0].DataType);
        Assert.Equal("daily_totals_day", Assert.Single(materialized.SourceDetails.Indexes).Name);
    }

    [Fact]
    public void ReadChunk_ForeignTable_IsForeignWithItsServer()
    {
        var table = _db.Table("app", "server_log");

        Assert.Equal(TableType.Foreign, table.TableType);
        Assert.Equal("local_files", table.SourceDetails.Properties["foreignServer"]);
    }

    [Fact]
    public void ReadChunk_QuotedNames_AreKeptExactlyAsTheServerHasThem()
    {
        var lines = _db.Table("Sales.EU", "Order.Lines");
        var items = _db.Table("My Schema", "order items");
        var unicode = _db.Table("ünïcødé", "tâble_ünicode");
        var reserved = _db.Table("select", "table");

        Assert.Equal(["Line.No", "Unit Price", "Qty"], lines.Columns.Select(c => c.Name));
        Assert.Equal("Price before \"tax\"", lines.Columns[1].Description);
        Assert.Equal($"{PostgresHarness.Service}.{_db.Database}.\"Sales.EU\".\"Order.Lines\"", lines.FullyQualifiedName);
        Assert.Equal(["Item Id", "MixedCase", "select", "from"], items.Columns.Select(c => c.Name));
        Assert.Contains(items.TableConstraints, c => c.ConstraintType == ConstraintType.PrimaryKey && c.Columns.SequenceEqual(["Item Id", "select"]));
        Assert.Equal(["naïve", "日本語"], unicode.Columns.Select(c => c.Name));
        Assert.Equal(ColumnConstraint.PrimaryKey, unicode.Columns[0].Constraint);
        Assert.Equal(["user", "order", "group"], reserved.Columns.Select(c => c.Name));
        Assert.NotNull(_db.Table("Sales.EU", "CamelCase"));
    }

    [Fact]
    public void ReadChunk_ForeignKeysBetweenQuotedNames_ReferToQuotedColumnFqns()
    {
        var refers = _db.Table("select", "refers");
        var prefix = $"{PostgresHarness.Service}.{_db.Database}";

        Assert.Contains(refers.TableConstraints, c => c.ReferredColumns!.SequenceEqual([$"{prefix}.select.table.user"]));
        Assert.Contains(refers.TableConstraints, c => c.Columns.SequenceEqual(["b", "a"])
            && c.ReferredColumns!.SequenceEqual([$"{prefix}.My Schema.order items.Item Id", $"{prefix}.My Schema.order items.select"]));
    }

    [Fact]
    public void ReadChunk_WideTable_HasAllThousandColumnsInOrder()
    {
        var table = _db.Table("app", "wide");

        Assert.Equal(FeatureDatabase.WideTableColumns, table.Columns.Count);
        Assert.Equal("c0001", table.Columns[0].Name);
        Assert.Equal("c1000", table.Columns[^1].Name);
        Assert.Equal(DataType.NUMERIC, table.Columns[1].DataType);
        Assert.Equal(10, table.Columns[1].Precision);
    }

    [Fact]
    public void Discover_EmptySchema_IsAnIngestedSchemaWithoutEntities()
    {
        Assert.Contains(_db.Discovery.Schemas, s => s.Schema == "empty_schema");
        Assert.DoesNotContain(_db.Discovery.Entities, e => e.Schema == "empty_schema");
    }

    [Fact]
    public void Discover_SystemSchemas_AreNeverListed()
    {
        Assert.Equal(
            ["My Schema", "Sales.EU", "app", "empty_schema", "public", "select", "ünïcødé"],
            _db.Discovery.Schemas.Select(s => s.Schema).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ReadChunk_Document_IsDeterministicJson()
    {
        var first = EntityJson.SerializeTableDocument(_db.Table("app", "customers"));
        var second = EntityJson.SerializeTableDocument(_db.Table("app", "customers"));

        Assert.Equal(first, second);
    }
}
