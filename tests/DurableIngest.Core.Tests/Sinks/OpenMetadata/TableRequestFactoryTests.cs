using System.Text;
using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata;
using Xunit;
using static DurableIngest.Core.Tests.Sinks.OpenMetadata.OpenMetadataSinkHarness;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

public sealed class TableRequestFactoryTests
{
    [Fact]
    public void Build_ColumnsTheServerWouldRefuse_AreShapedToPass()
    {
        var table = Table(Public, "t",
            new Column { Name = "code", DataType = DataType.CHAR },
            new Column { Name = "list", DataType = DataType.ARRAY },
            new Column { Name = "shape", DataType = DataType.STRUCT },
            new Column { Name = "ratio", DataType = DataType.DECIMAL, Precision = 2, Scale = 5 },
            new Column { Name = "id", DataType = DataType.INT, ArrayDataType = DataType.INT });

        var request = TableRequestFactory.Build(table, partitionColumnDetails: true, _ => false, out _);

        Assert.Equal(1, request.Columns[0].DataLength);
        Assert.Equal(DataType.UNKNOWN, request.Columns[1].ArrayDataType);
        Assert.Empty(request.Columns[2].Children!);
        Assert.Null(request.Columns[3].Scale);
        Assert.Null(request.Columns[4].ArrayDataType);
    }

    [Fact]
    public void Build_TwoPrimaryKeyColumns_BecomeOneTableConstraint()
    {
        var table = Table(Public, "t", Int("a", ColumnConstraint.PrimaryKey), Int("b", ColumnConstraint.PrimaryKey, 2));

        var request = TableRequestFactory.Build(table, true, _ => false, out _);

        var key = Assert.Single(request.TableConstraints!);
        Assert.Equal(ConstraintType.PrimaryKey, key.ConstraintType);
        Assert.Equal(["a", "b"], key.Columns);
        Assert.All(request.Columns, c => Assert.Equal(ColumnConstraint.NotNull, c.Constraint));
    }

    [Fact]
    public void Build_ForeignKeyToUnknownTable_IsLeftOutAndReported()
    {
        var table = Table(Public, "t", Int("id"), Int("other_id", position: 2)) with
        {
            TableConstraints =
            [
                new TableConstraint { ConstraintType = ConstraintType.ForeignKey, Columns = ["other_id"], ReferredColumns = ["svc.pagila.\"x.y\".other.id"] },
            ],
        };

        var request = TableRequestFactory.Build(table, true, _ => false, out var missing);

        Assert.Null(request.TableConstraints);
        Assert.Equal(["svc.pagila.\"x.y\".other"], missing);
    }

    [Fact]
    public void Build_RegularTableWithDdlAndSourceDetails_SendsNeither()
    {
        var table = Table(Public, "t") with
        {
            SchemaDefinition = "CREATE TABLE t (id int)",
            SourceDetails = new SourceDetails { Owners = ["alice"] },
        };

        var request = TableRequestFactory.Build(table, true, _ => false, out _);
        var json = Encoding.UTF8.GetString(OpenMetadataJson.Serialize(request));

        Assert.Null(request.SchemaDefinition);
        Assert.DoesNotContain("sourceDetails", json, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AnyTable_SendsTheCatalogTableHashAsSourceHash()
    {
        var table = Table(Public, "t");

        var first = TableRequestFactory.Build(table, true, _ => false, out _);
        var again = TableRequestFactory.Build(table, true, _ => false, out _);
        var changed = TableRequestFactory.Build(table with { Description = "now documented" }, true, _ => false, out _);

        Assert.Equal(TableHash.Compute(table), first.SourceHash);
        Assert.Equal(first.SourceHash, again.SourceHash);
        Assert.NotEqual(first.SourceHash, changed.SourceHash);
    }

    [Theory]
    [InlineData("1.6.1", "1.6.1")]
    [InlineData("1.12.0-SNAPSHOT", "1.12.0")]
    [InlineData("1.4", "1.4")]
    [InlineData("unknown", null)]
    public void ParseVersion_ServerVersionText_ReadsTheNumbers(string text, string? expected)
    {
        Assert.Equal(expected is null ? null : new Version(expected), OpenMetadataServerVersion.Parse(text));
    }
}
