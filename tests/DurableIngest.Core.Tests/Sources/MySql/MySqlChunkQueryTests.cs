using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Sources.MySql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

public sealed class MySqlChunkQueryTests
{
    private static readonly MySqlServerFlavor MariaDb = MySqlServerFlavor.Parse("10.11.19-MariaDB-0+deb12u1");

    private static DiscoveredEntity Table(string schema, string name, TableType kind = TableType.Regular) => new("default", schema, name, kind);

    [Fact]
    public void Statements_OfOneSchema_AreAsManyForOneTableAsForTwoHundred()
    {
        var one = new MySqlChunkQuery([Table("shop", "t0")], MariaDb);
        var many = new MySqlChunkQuery([.. Enumerable.Range(0, 200).Select(i => Table("shop", $"t{i}"))], MariaDb);

        Assert.Equal(5, one.StatementCount);
        Assert.Equal(5, many.StatementCount);
        Assert.Equal(201, many.Parameters.Count);
    }

    [Fact]
    public void Statements_WithViews_AddTheirDefinitionsOnce()
    {
        var query = new MySqlChunkQuery([Table("shop", "t"), Table("shop", "v1", TableType.View), Table("shop", "v2", TableType.View)], MariaDb);

        Assert.Equal(6, query.StatementCount);
    }

    [Fact]
    public void Statements_OfAChunk_LeavePartitionsToASecondCommandForThePartitionedTablesOnly()
    {
        var query = new MySqlChunkQuery([Table("a", "t1"), Table("a", "t2"), Table("b", "t1")], MariaDb);
        var catalog = new MySqlChunkMetadata();
        foreach (var (schema, name, partitioned) in new[] { ("a", "t1", false), ("a", "t2", true), ("b", "t1", true) })
        {
            catalog.Tables[(schema, name)] = new MySqlTableRow { Schema = schema, Name = name, TableType = "BASE TABLE", Partitioned = partitioned };
        }

        var partitions = MySqlChunkQuery.ForPartitions(catalog)!;

        Assert.DoesNotContain("PARTITIONS", query.Sql, StringComparison.Ordinal);
        Assert.Equal(2, partitions.StatementCount);
        Assert.All(partitions.Sql.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries), s => Assert.Contains("information_schema.PARTITIONS", s, StringComparison.Ordinal));
        Assert.Equal(["a", "t2", "b", "t1"], partitions.Parameters.Select(p => (string)p.Value!));
        Assert.Null(MySqlChunkQuery.ForPartitions(new MySqlChunkMetadata()));
    }

    [Fact]
    public void Statements_OfAChunkSpanningTwoSchemas_FilterEachSchemaByConstantsWithoutAnOr()
    {
        var query = new MySqlChunkQuery([Table("a", "t1"), Table("a", "t2"), Table("b", "t1")], MariaDb);

        Assert.Equal(10, query.StatementCount);
        Assert.DoesNotContain(" OR ", query.Sql, StringComparison.Ordinal);
        Assert.Contains("TABLE_SCHEMA = @s0 AND TABLE_NAME IN (@t0_0, @t0_1)", query.Sql, StringComparison.Ordinal);
        Assert.Contains("TABLE_SCHEMA = @s1 AND TABLE_NAME IN (@t1_0)", query.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_OnMySql56_LeaveOutCheckConstraintsItDoesNotHave()
    {
        var query = new MySqlChunkQuery([Table("shop", "t")], MySqlServerFlavor.Parse("5.6.51-log"));

        Assert.Equal(4, query.StatementCount);
        Assert.DoesNotContain("CHECK_CONSTRAINTS", query.Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1", true, "10.11.19")]
    [InlineData("5.5.5-10.6.12-MariaDB-log", true, "10.6.12")]
    [InlineData("8.0.36", false, "8.0.36")]
    [InlineData("8.4.0-commercial", false, "8.4.0")]
    public void Parse_ServerVersion_TellsTheFlavorAndVersion(string text, bool isMariaDb, string version)
    {
        var flavor = MySqlServerFlavor.Parse(text);

        Assert.Equal(isMariaDb, flavor.IsMariaDb);
        Assert.Equal(Version.Parse(version), flavor.Version);
    }
}
