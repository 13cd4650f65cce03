using DurableIngest.Entities;
using DurableIngest.Sources.MySql;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

[Collection(MariaDbServerFixture.Collection)]
public sealed class MySqlSourceReadTests : IClassFixture<MySqlFeatureFixture>
{
    private readonly MySqlFeatureFixture _db;

    public MySqlSourceReadTests(MySqlFeatureFixture db) => _db = db;

    [Fact]
    public void ReadChunk_EveryDiscoveredEntity_SucceedsButTheViewWhoseTableIsGone()
    {
        Assert.Equal(_db.Discovery.Entities, _db.Results.Select(r => r.Entity));
        Assert.All(_db.Results.Where(r => r.Entity.Name != "broken_view"), r => Assert.Null(r.Failure));
        Assert.Equal(14, _db.Results.Count);
    }

    [Fact]
    public void ReadChunk_ViewWhoseTableIsGone_FailsWithTheServersReason()
    {
        var failure = _db.Result(_db.App, "broken_view").Failure!;

        Assert.Equal(MySqlTableAssembler.UnreadableError, failure.ErrorType);
        Assert.Contains("broken_view", failure.Message, StringComparison.Ordinal);
        Assert.Contains("references invalid table(s)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id", DataType.BIGINT, null, null, null, "bigint(20) unsigned")]
    [InlineData("email", DataType.VARCHAR, 320, null, null, "varchar(320)")]
    [InlineData("country", DataType.CHAR, 2, null, null, "char(2)")]
    [InlineData("tiny", DataType.TINYINT, null, null, null, "tinyint(4)")]
    [InlineData("small", DataType.SMALLINT, null, null, null, "smallint(6)")]
    [InlineData("medium", DataType.INT, null, null, null, "mediumint(8) unsigned")]
    [InlineData("plain", DataType.INT, null, null, null, "int(10) unsigned zerofill")]
    [InlineData("flag", DataType.TINYINT, null, null, null, "tinyint(1)")]
    [InlineData("balance", DataType.DECIMAL, null, 12, 2, "decimal(12,2)")]
    [InlineData("ratio", DataType.FLOAT, null, null, null, "float")]
    [InlineData("precise", DataType.DOUBLE, null, null, null, "double")]
    [InlineData("bits", DataType.BINARY, 5, null, null, "bit(5)")]
    [InlineData("mood", DataType.ENUM, null, null, null, "enum('sad','ok','happy')")]
    [InlineData("tags", DataType.SET, null, null, null, "set('a','b','c')")]
    [InlineData("born", DataType.DATE, null, null, null, "date")]
    [InlineData("wake_up", DataType.TIME, null, null, null, "time(3)")]
    [InlineData("created_at", DataType.DATETIME, null, null, null, "datetime(6)")]
    [InlineData("updated_at", DataType.TIMESTAMP, null, null, null, "timestamp")]
    [InlineData("since", DataType.YEAR, null, null, null, "year(4)")]
    [InlineData("bio", DataType.TEXT, null, null, null, "text")]
    [InlineData("notes", DataType.MEDIUMTEXT, null, null, null, "mediumtext")]
    [InlineData("story", DataType.TEXT, null, null, null, "longtext")]
    [InlineData("legacy", DataType.VARCHAR, 20, null, null, "varchar(20)")]
    [InlineData("photo", DataType.BLOB, null, null, null, "blob")]
    [InlineData("thumb", DataType.MEDIUMBLOB, null, null, null, "mediumblob")]
    [InlineData("raw", DataType.LONGBLOB, null, null, null, "longblob")]
    [InlineData("code", DataType.BINARY, 16, null, null, "binary(16)")]
    [InlineData("token", DataType.VARBINARY, 64, null, null, "varbinary(64)")]
    [InlineData("profile", DataType.JSON, null, null, null, "longtext")]
    [InlineData("home", DataType.POINT, null, null, null, "point")]
    [InlineData("area", DataType.POLYGON, null, null, null, "polygon")]
    [InlineData("route", DataType.GEOMETRY, null, null, null, "linestring")]
    [InlineData("shape", DataType.GEOMETRY, null, null, null, "geometry")]
    [InlineData("email_domain", DataType.VARCHAR, 320, null, null, "varchar(320)")]
    [InlineData("balance_cents", DataType.BIGINT, null, null, null, "bigint(20)")]
    public void ReadChunk_CustomerColumns_MapToOpenMetadataTypes(string column, DataType type, int? length, int? precision, int? scale, string display)
    {
        var actual = _db.Table(_db.App, "customers").Columns.Single(c => c.Name == column);

        Assert.Equal(type, actual.DataType);
        Assert.Equal(length, actual.DataLength);
        Assert.Equal(precision, actual.Precision);
        Assert.Equal(scale, actual.Scale);
        Assert.Equal(display, actual.DataTypeDisplay);
    }

    [Fact]
    public void ReadChunk_Customers_HasCommentsConstraintsAndOrdinals()
    {
        var table = _db.Table(_db.App, "customers");

        Assert.Equal(TableType.Regular, table.TableType);
        Assert.Equal("People who buy things", table.Description);
        Assert.Equal("Where receipts go", table.Columns.Single(c => c.Name == "email").Description);
        Assert.Equal(ColumnConstraint.PrimaryKey, table.Columns.Single(c => c.Name == "id").Constraint);
        Assert.Equal(ColumnConstraint.Unique, table.Columns.Single(c => c.Name == "email").Constraint);
        Assert.Equal(ColumnConstraint.NotNull, table.Columns.Single(c => c.Name == "home").Constraint);
        Assert.Equal(ColumnConstraint.Null, table.Columns.Single(c => c.Name == "country").Constraint);
        Assert.Equal(Enumerable.Range(1, table.Columns.Count), table.Columns.Select(c => c.OrdinalPosition!.Value));
        Assert.Empty(table.TableConstraints);
    }

    [Fact]
    public void ReadChunk_Customers_GeneratedColumnsCharsetsAndAutoIncrementAreProperties()
    {
        var properties = _db.Table(_db.App, "customers").SourceDetails.Properties;

        Assert.Equal("VIRTUAL AS (substring_index(`email`,'@',-1))", properties["column.email_domain.generated"]);
        Assert.Equal("STORED AS (`balance` * 100)", properties["column.balance_cents.generated"]);
        Assert.Equal("latin1", properties["column.legacy.characterSet"]);
        Assert.Equal("latin1_swedish_ci", properties["column.legacy.collation"]);
        Assert.Equal("utf8mb4_unicode_ci", properties["collation"]);
        Assert.Equal("InnoDB", properties["engine"]);
        Assert.Equal("true", properties["column.id.autoIncrement"]);
        Assert.False(properties.ContainsKey("column.email.collation"));
    }

    [Fact]
    public void ReadChunk_Customers_IndexesAreDefinedAsShowCreateTablePrintsThem()
    {
        var indexes = _db.Table(_db.App, "customers").SourceDetails.Indexes.ToDictionary(i => i.Name);

        Assert.Equal("PRIMARY KEY (`id`)", indexes["PRIMARY"].Definition);
        Assert.Equal("UNIQUE KEY `email` (`email`)", indexes["email"].Definition);
        Assert.Equal("SPATIAL KEY `home_idx` (`home`)", indexes["home_idx"].Definition);
        Assert.Equal("FULLTEXT KEY `bio_ft` (`bio`)", indexes["bio_ft"].Definition);
        Assert.Equal("KEY `country_idx` (`country` DESC,`email`(10)) COMMENT 'by ''country'''", indexes["country_idx"].Definition);
        Assert.Equal(["country", "email"], indexes["country_idx"].Columns);
        Assert.True(indexes["email"].Unique);
        Assert.False(indexes["country_idx"].Unique);
    }

    [Fact]
    public void ReadChunk_CheckConstraints_AreSourceDetailsAndMariaDbJsonChecksToo()
    {
        var checks = _db.Table(_db.App, "customers").SourceDetails.CheckConstraints;

        Assert.Contains(new CheckConstraint("balance", "`balance` >= 0"), checks);
        Assert.Contains(new CheckConstraint("profile", "json_valid(`profile`)"), checks);
        Assert.Contains(new CheckConstraint("total_positive", "`total` > 0"), _db.Table(_db.App, "orders").SourceDetails.CheckConstraints);
    }

    [Fact]
    public void ReadChunk_CompositeForeignKey_KeepsItsColumnOrderAndReferredColumns()
    {
        var child = _db.Table(_db.App, "child_composite");
        var parent = _db.Table(_db.App, "parent_composite");

        var foreignKey = Assert.Single(child.TableConstraints);
        Assert.Equal(ConstraintType.ForeignKey, foreignKey.ConstraintType);
        Assert.Equal(["y", "x"], foreignKey.Columns);
        Assert.Equal([Column(_db.App, "parent_composite", "a"), Column(_db.App, "parent_composite", "b")], foreignKey.ReferredColumns);
        Assert.Contains(parent.TableConstraints, c => c.ConstraintType == ConstraintType.PrimaryKey && c.Columns.SequenceEqual(["a", "b"]));
        Assert.Contains(parent.TableConstraints, c => c.ConstraintType == ConstraintType.Unique && c.Columns.SequenceEqual(["b", "c"]));
    }

    [Fact]
    public void ReadChunk_ForeignKeysAcrossSchemas_ReferToTheOtherSchemasColumns()
    {
        var orders = _db.Table(_db.App, "orders");
        var refers = _db.Table(_db.Other, "refers");

        Assert.Contains(orders.TableConstraints, c => c.Columns.SequenceEqual(["region"]) && c.ReferredColumns!.SequenceEqual([Column(_db.Other, "regions", "code")]));
        Assert.Contains(orders.TableConstraints, c => c.Columns.SequenceEqual(["customer_id"]) && c.ReferredColumns!.SequenceEqual([Column(_db.App, "customers", "id")]));
        var foreignKey = Assert.Single(refers.TableConstraints);
        Assert.Equal([Column(_db.Unicode, "Straße.Nord", "Haus.Nr"), Column(_db.Unicode, "Straße.Nord", "Zeile")], foreignKey.ReferredColumns);
        Assert.Equal($"{MySqlHarness.Service}.default.{_db.Unicode}.\"Straße.Nord\".\"Haus.Nr\"", foreignKey.ReferredColumns![0]);
    }

    [Fact]
    public void ReadChunk_RangePartitionOnADateFunction_IsATimeUnitPartition()
    {
        var events = _db.Table(_db.App, "events");

        Assert.Equal(TableType.Partitioned, events.TableType);
        Assert.Equal(["at"], events.TablePartition!.Columns);
        Assert.Equal(PartitionIntervalType.TimeUnit, events.TablePartition.IntervalType);
        Assert.Equal("RANGE (year(`at`))", events.SourceDetails.Properties["partitionKey"]);
        Assert.Equal("3", events.SourceDetails.Properties["partitionCount"]);
    }

    [Fact]
    public void ReadChunk_ListColumnsAndKeyPartitions_AreColumnValuePartitions()
    {
        var stock = _db.Table(_db.App, "stock");
        var hashed = _db.Table(_db.App, "hashed");

        Assert.Equal(["region"], stock.TablePartition!.Columns);
        Assert.Equal(PartitionIntervalType.ColumnValue, stock.TablePartition.IntervalType);
        Assert.Equal(["id"], hashed.TablePartition!.Columns);
        Assert.Equal(PartitionIntervalType.ColumnValue, hashed.TablePartition.IntervalType);
        Assert.Equal("4", hashed.SourceDetails.Properties["partitionCount"]);
    }

    [Fact]
    public void ReadChunk_View_HasItsDefinitionAndColumns()
    {
        var view = _db.Table(_db.App, "big_orders");

        Assert.Equal(TableType.View, view.TableType);
        Assert.Equal($"select `{_db.App}`.`orders`.`id` AS `id`,`{_db.App}`.`orders`.`total` AS `total` from `{_db.App}`.`orders` where `{_db.App}`.`orders`.`total` > 100", view.SchemaDefinition);
        Assert.Equal(["id", "total"], view.Columns.Select(c => c.Name));
        Assert.Null(view.Description);
        Assert.Equal("DEFINER", view.SourceDetails.Properties["securityType"]);
    }

    [Fact]
    public void ReadChunk_UnicodeNames_AreReadExactly()
    {
        var cafe = _db.Table(_db.Unicode, "café");

        Assert.Equal(["naïve", "日本語", "Größe"], cafe.Columns.Select(c => c.Name));
        Assert.Equal("Crème brûlée", cafe.Description);
        Assert.Equal("コメント", cafe.Columns[1].Description);
        Assert.Equal(ColumnConstraint.PrimaryKey, cafe.Columns[0].Constraint);
        Assert.Equal(["Haus.Nr", "Zeile"], Assert.Single(_db.Table(_db.Unicode, "Straße.Nord").TableConstraints).Columns);
        Assert.Equal($"{MySqlHarness.Service}.default.{_db.Unicode}.vue_été", _db.Table(_db.Unicode, "vue_été").FullyQualifiedName);
    }

    private static string Column(string schema, string table, string column) => Fqn.Join(MySqlHarness.Service, "default", schema, table, column);
}
