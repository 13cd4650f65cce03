using DurableIngest.Configuration;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Configuration;

public sealed class ConfigSectionTests
{
    private static ConfigSection Section(string yaml, ConfigProblems problems)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new ConfigSection("c", (YamlMappingNode)stream.Documents[0].RootNode, problems, _ => null);
    }

    [Fact]
    public void GetChoice_AnyCaseWithSpaces_ReturnsTheListsSpelling()
    {
        var problems = new ConfigProblems();

        Assert.Equal("verify-full", Section("sslMode: \" VERIFY-Full \"", problems).GetChoice("sslMode", ["disable", "verify-full"]));
        Assert.Empty(problems);
    }

    [Fact]
    public void GetChoice_NotAChoice_ReportsTheValueAndTheChoices()
    {
        var problems = new ConfigProblems();

        Assert.Null(Section("sslMode: sometimes", problems).GetChoice("sslMode", ["disable", "require"]));

        Assert.Equal("c.sslMode: must be one of disable, require, not 'sometimes' (line 1, column 10)", Assert.Single(problems).ToString());
    }

    [Fact]
    public void GetChoice_NotAChoiceWithTheReadersMessage_ReportsThatMessage()
    {
        var problems = new ConfigProblems();

        Section("type: Mysql", problems).GetChoice("type", ["Postgres"], invalid: value => $"must be 'Postgres', not '{value}'");

        Assert.Equal("must be 'Postgres', not 'Mysql'", Assert.Single(problems).Message);
    }

    [Fact]
    public void Forbid_KeyGiven_ReportsItWithItsValue_AndAbsentIsFine()
    {
        var problems = new ConfigProblems();
        var section = Section("orchestrator: argo", problems);

        section.Forbid("orchestrator", value => $"is not a setting ('{value}')");
        section.Forbid("image", value => "never reported");

        Assert.Equal("c.orchestrator: is not a setting ('argo') (line 1, column 15)", Assert.Single(problems).ToString());
    }

    [Theory]
    [InlineData("0", "must be > 0, not 0")]
    [InlineData("-1.5", "must be > 0, not -1.5")]
    public void GetDouble_NotAboveTheBound_IsReported(string value, string message)
    {
        var problems = new ConfigProblems();

        Assert.Null(Section($"backoffSeconds: {value}", problems).GetDouble("backoffSeconds", above: 0));

        Assert.Equal(message, Assert.Single(problems).Message);
    }

    [Fact]
    public void GetSection_RequiredAndAbsent_IsReportedAsRequired()
    {
        var problems = new ConfigProblems();

        Assert.False(Section("other: 1", problems).GetSection("source", required: true).Exists);

        Assert.Equal("c.source: required", Assert.Single(problems).ToString().Split(" (", 2)[0]);
    }
}
