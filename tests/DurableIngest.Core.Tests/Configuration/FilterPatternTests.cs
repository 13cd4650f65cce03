using DurableIngest.Configuration;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

public class FilterPatternTests
{
    [Fact]
    public void All_KeepsEveryName()
    {
        Assert.True(FilterPattern.All.IsEmpty);
        Assert.True(FilterPattern.All.Keeps("anything"));
        Assert.True(FilterPattern.All.Keeps(string.Empty));
    }

    [Theory]
    [InlineData("orders", true)]
    [InlineData("order_items", true)]
    [InlineData("ORDERS", true)]
    [InlineData("Orders_Archive", true)]
    [InlineData("v_orders", false)] // matched at the start only, like Python's re.match
    [InlineData("ord", false)]
    public void Keeps_Includes_MatchAtTheStartIgnoringCase(string name, bool kept)
    {
        Assert.Equal(kept, FilterPattern.Create(["order"], []).Keeps(name));
    }

    [Theory]
    [InlineData("tmp_load", false)]
    [InlineData("TMP_LOAD", false)]
    [InlineData("customers", true)]
    [InlineData("customers_tmp", true)]
    public void Keeps_ExcludesOnly_DropMatchesAndKeepTheRest(string name, bool kept)
    {
        Assert.Equal(kept, FilterPattern.Create([], ["tmp_"]).Keeps(name));
    }

    [Fact]
    public void Keeps_IncludesGiven_IgnoresExcludes()
    {
        var filter = FilterPattern.Create(["fact_"], ["fact_sales"]);

        Assert.True(filter.Keeps("fact_sales"));
        Assert.True(filter.Keeps("fact_inventory"));
        Assert.False(filter.Keeps("dim_date"));
    }

    [Fact]
    public void Keeps_AnyOfSeveralIncludes_Keeps()
    {
        var filter = FilterPattern.Create(["dim_", "fact_"], []);

        Assert.True(filter.Keeps("dim_date"));
        Assert.True(filter.Keeps("fact_sales"));
        Assert.False(filter.Keeps("staging_dim_date"));
    }

    [Theory]
    [InlineData(".*_backup$", "orders_backup", true)]
    [InlineData(".*_backup$", "orders_backup_old", false)]
    [InlineData("^main$", "main", true)]
    [InlineData("^main$", "main2", false)]
    [InlineData("x|orders", "orders", true)] // an alternation is anchored as a whole
    [InlineData("x|orders", "my_orders", false)]
    [InlineData("sales\\.", "sales.2024", true)]
    [InlineData("sales\\.", "sales_2024", false)]
    [InlineData("caf", "café_menu", true)]
    [InlineData("ZÜRICH", "Zürich Filialen", true)]
    public void Keeps_RegularExpressions_BehaveLikeOpenMetadata(string include, string name, bool kept)
    {
        Assert.Equal(kept, FilterPattern.Create([include], []).Keeps(name));
    }

    [Fact]
    public void Read_IncludesAndExcludes_AreReadFromYaml()
    {
        var (section, problems) = Section("tableFilterPattern:\n  includes: ['^fact_', dim_]\n  excludes:\n    - tmp_\n");

        var filter = FilterPattern.Read(section, "tableFilterPattern");

        Assert.Empty(problems);
        Assert.Equal(["^fact_", "dim_"], filter.Includes);
        Assert.Equal(["tmp_"], filter.Excludes);
        Assert.False(filter.IsEmpty);
    }

    [Fact]
    public void Read_SingleValue_CountsAsAOneItemList()
    {
        var (section, _) = Section("tableFilterPattern:\n  excludes: tmp_\n");

        Assert.Equal(["tmp_"], FilterPattern.Read(section, "tableFilterPattern").Excludes);
    }

    [Fact]
    public void Read_Absent_KeepsEverything()
    {
        var (section, problems) = Section("other: 1\n");

        Assert.Same(FilterPattern.All, FilterPattern.Read(section, "tableFilterPattern"));
        Assert.Empty(problems);
    }

    [Fact]
    public void Read_InvalidRegularExpressions_AreEachReportedWithTheirPath()
    {
        var (section, problems) = Section("schemaFilterPattern:\n  includes: ['(unclosed', ok]\n  excludes: ['[z-a]']\n");

        var filter = FilterPattern.Read(section, "schemaFilterPattern");

        Assert.Equal(["schemaFilterPattern.excludes", "schemaFilterPattern.includes"], problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.Contains("'(unclosed' is not a valid regular expression", problems.Single(p => p.Path.EndsWith("includes", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Equal(["ok"], filter.Includes);
    }

    private static (ConfigSection Section, ConfigProblems Problems) Section(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var problems = new ConfigProblems();
        return (new ConfigSection(string.Empty, (YamlMappingNode)stream.Documents[0].RootNode, problems, _ => null), problems);
    }

    [Fact]
    public void Keeps_NestedRepetitionThatBacktracksCatastrophically_AnswersOnTheLinearEngine()
    {
        var filter = FilterPattern.Create([], ["(a+)+$"]);

        Assert.True(filter.Keeps(new string('a', 5_000) + "b"));
        Assert.False(filter.Keeps(new string('a', 5_000)));
    }

    [Fact]
    public void Keeps_LookaroundPatternThatOverrunsItsTimeout_StopsNamingThePatternAndTheName()
    {
        var filter = FilterPattern.Create([], ["(?=a)(a|aa)+$"]);

        var error = Assert.Throws<FilterPatternTimeoutException>(() => filter.Keeps(new string('a', 60) + "b"));

        Assert.Equal("(?=a)(a|aa)+$", error.Pattern);
        Assert.Contains("took longer than 100 ms to match 'aaaa", error.Message, StringComparison.Ordinal);
        Assert.Contains("rewrite it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_LookaroundPatternOnAnOrdinaryName_StillMatches()
    {
        var filter = FilterPattern.Create([], ["(?!keep_)tmp"]);

        Assert.False(filter.Keeps("tmp_orders"));
        Assert.True(filter.Keeps("orders"));
    }
}
