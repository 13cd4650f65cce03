using DurableIngest.Entities;
using Xunit;

namespace DurableIngest.Core.Tests.Catalog;

public sealed class TableHashTests
{
    private static readonly SchemaRef Schema = new("svc", "shop", "Sales.EU");

    private static TableMetadata Table() => new()
    {
        Schema = Schema,
        Name = "Bestellpositionen",
        TableType = TableType.Regular,
        Description = "Zeilen je Bestellung",
        Columns =
        [
            new Column { Name = "order_id", DataType = DataType.INT, DataTypeDisplay = "integer", Constraint = ColumnConstraint.NotNull, OrdinalPosition = 1 },
            new Column { Name = "line_no", DataType = DataType.INT, DataTypeDisplay = "integer", Constraint = ColumnConstraint.NotNull, OrdinalPosition = 2 },
            new Column { Name = "Größe", DataType = DataType.VARCHAR, DataLength = 20, DataTypeDisplay = "character varying(20)", OrdinalPosition = 3 },
        ],
        TableConstraints = [new TableConstraint { ConstraintType = ConstraintType.PrimaryKey, Columns = ["order_id", "line_no"] }],
        SourceDetails = new SourceDetails
        {
            Indexes = [new TableIndex { Name = "lines_pk", Columns = ["order_id", "line_no"], Unique = true }],
            Properties = new Dictionary<string, string> { ["owner"] = "shop", ["fillfactor"] = "90" },
        },
    };

    [Fact]
    public void Compute_SameMetadata_GivesTheSame32HexCharacters()
    {
        var first = TableHash.Compute(Table());
        var second = TableHash.Compute(Table());

        Assert.Equal(first, second);
        Assert.Equal(TableHash.Length, first.Length);
        Assert.Matches("^[0-9a-f]{32}$", first);
    }

    [Fact]
    public void Compute_KnownTable_GivesThePinnedValueOnEveryMachineAndRun()
    {
        // Pinned: if this changes, every table of every catalog is rewritten once. Change it only with TableHash's format version.
        Assert.Equal("cd5ccac1bc42deb72241ae6b44fac29b", TableHash.Compute(Table()));
    }

    [Fact]
    public void Compute_PropertiesInAnotherOrder_GivesTheSameHash()
    {
        var reordered = Table() with
        {
            SourceDetails = Table().SourceDetails with { Properties = new Dictionary<string, string> { ["fillfactor"] = "90", ["owner"] = "shop" } },
        };

        Assert.Equal(TableHash.Compute(Table()), TableHash.Compute(reordered));
    }

    public static TheoryData<string, TableMetadata> Changes()
    {
        var table = Table();
        return new TheoryData<string, TableMetadata>
        {
            { "description", table with { Description = "changed" } },
            { "table type", table with { TableType = TableType.View } },
            { "schema", table with { Schema = Schema with { Schema = "Sales.US" } } },
            { "service", table with { Schema = Schema with { Service = "other" } } },
            { "column type", table with { Columns = [.. table.Columns.Take(2), table.Columns[2] with { DataLength = 40 }] } },
            { "column order", table with { Columns = [table.Columns[1], table.Columns[0], table.Columns[2]] } },
            { "column comment", table with { Columns = [.. table.Columns.Take(2), table.Columns[2] with { Description = "size" }] } },
            { "constraint", table with { TableConstraints = [] } },
            { "partition", table with { TablePartition = new TablePartition { Columns = ["order_id"], IntervalType = PartitionIntervalType.IntegerRange } } },
            { "view SQL", table with { SchemaDefinition = "SELECT 1" } },
            { "index", table with { SourceDetails = table.SourceDetails with { Indexes = [] } } },
            { "property", table with { SourceDetails = table.SourceDetails with { Properties = new Dictionary<string, string> { ["owner"] = "shop", ["fillfactor"] = "80" } } } },
        };
    }

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_AnyChangeToTheMetadata_ChangesTheHash(string change, TableMetadata changed)
    {
        Assert.False(TableHash.Compute(Table()) == TableHash.Compute(changed), $"a change of {change} kept the hash");
    }
}
