using System.Text;
using DurableIngest.Configuration;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Configuration;

/// <summary>The one bounded parser path: every limit refuses with its value and the line, before any tree is built.</summary>
public sealed class WorkflowYamlTests
{
    private static readonly YamlLimits Small = new() { MaxDepth = 4, MaxNodes = 30, MaxAliases = 3, MaxScalarLength = 10, MaxBytes = 500 };

    [Theory]
    [InlineData("a:\n  b:\n    c:\n      d:\n        e: 1\n", 5, "deeper than the limit of 4 levels")]
    [InlineData("a: &x [1, 2, 3, 4, 5, 6, 7, 8]\nb: &y [*x, *x, *x]\n", 2, "more than 30 nodes")]
    [InlineData("a: &x 1\nb: [*x, *x, *x, *x]\n", 2, "more than 3 aliases")]
    [InlineData("a: 12345678901\n", 1, "a value of 11 characters, over the limit of 10")]
    [InlineData("a: 1\n---\nb: 2\n", 2, "more than one YAML document")]
    [InlineData("a: &x [*x]\n", 1, "alias *x is inside the node &x")]
    [InlineData("a: *nowhere\n", 1, "refers to no anchor &nowhere")]
    public void Parse_OverALimit_RefusesNamingItAndItsLine(string yaml, int line, string message)
    {
        var problems = new ConfigProblems();

        Assert.Null(WorkflowYaml.Parse(yaml, Small, problems, "things"));

        var problem = Assert.Single(problems);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.Equal(line, problem.Line);
    }

    [Fact]
    public void Parse_MergeKeys_MergeTheAnchoredMappingsAndTheKeysBesideThemWin()
    {
        const string yaml = """
            base: &base {retries: 1, backoff: 1, jitter: true}
            defaults: &d
              <<: *base
              retries: 3
            policy:
              <<: [*d, {timeout: 60, retries: 9}]
              backoff: 5
            """;

        var root = WorkflowYaml.Parse(yaml, YamlLimits.Default, new ConfigProblems(), "things");

        var policy = (YamlMappingNode)root!.Children[new YamlScalarNode("policy")];
        Assert.Equal(
            ["backoff=5", "jitter=true", "retries=3", "timeout=60"],
            policy.Children.Select(e => $"{e.Key}={e.Value}").Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x3A, 0x20, 0xC3, 0x28 }, "not UTF-8 text (invalid byte at offset 3)")]
    [InlineData(new byte[] { 0x61, 0x3A, 0x20, 0x00 }, "contains a NUL character")]
    [InlineData(new byte[] { 0x61, 0x3A, 0x20, 0x1B }, "control character U+001B")]
    public void Decode_BrokenText_RefusesNamingWhatAndWhere(byte[] bytes, string message)
    {
        var problems = new ConfigProblems();

        Assert.Null(WorkflowYaml.Decode(bytes, YamlLimits.Default, problems));

        Assert.Contains(message, Assert.Single(problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ByteOrderMarkAndCrLf_AreAccepted()
    {
        var text = WorkflowYaml.Decode([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a: 1\r\nb: 2\r\n")], YamlLimits.Default, new ConfigProblems());

        Assert.Equal("a: 1\r\nb: 2\r\n", text);
    }

    [Fact]
    public void ReadFile_OverTheSizeLimit_IsRefusedWithoutBeingParsed()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "a: " + new string('x', 600));
            var problems = new ConfigProblems();

            Assert.Null(WorkflowYaml.ReadFile(file, Small, problems));

            Assert.Contains("the file is 603 bytes, over the limit of 500", Assert.Single(problems).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
