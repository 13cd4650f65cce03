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

        Assert.Equal(6, one.StatementCount);
        Assert.Equal(6, many.StatementCount);
        Assert.Equal(201, many.Parameters.Count);
    }

    [Fact]
    public void Statements_WithViews_AddTheirStatusAndDefinitionsOnce()
    {
        var query = new MySqlChunkQuery([Table("shop", "t"), Table("shop", "v1", TableType.View), Table("shop", "v2", TableType.View)], MariaDb);

        Assert.Equal(8, query.StatementCount);
    }

    [Fact]
    public void Statements_OfAChunkSpanningTwoSchemas_FilterEachSchemaByConstantsWithoutAnOr()
    {
        var query = new MySqlChunkQuery([Table("a", "t1"), Table("a", "t2"), Table("b", "t1")], MariaDb);

        Assert.Equal(12, query.StatementCount);
        Assert.DoesNotContain(" OR ", query.Sql, StringComparison.Ordinal);
        Assert.Contains("TABLE_SCHEMA = @s0 AND TABLE_NAME IN (@t0_0, @t0_1)", query.Sql, StringComparison.Ordinal);
        Assert.Contains("TABLE_SCHEMA = @s1 AND TABLE_NAME IN (@t1_0)", query.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Statements_OnMySql56_LeaveOutCheckConstraintsItDoesNotHave()
    {
        var query = new MySqlChunkQuery([Table("shop", "t")], MySqlServerFlavor.Parse("5.6.51-log"));

        Assert.Equal(5, query.StatementCount);
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
