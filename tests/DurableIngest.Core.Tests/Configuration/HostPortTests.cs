using System.Text.RegularExpressions;
using DurableIngest.Configuration;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Configuration;

public sealed class HostPortTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("localhost:5432", true)]
    [InlineData(" db.example.com:65535 ", true)]
    [InlineData("db:00080", true)]
    [InlineData("[::1]", true)]
    [InlineData("[::1]:5432", true)]
    [InlineData("[fe80::1%eth0]:1", true)]
    [InlineData("a::80", true)]
    [InlineData("[abc", true)]
    [InlineData("localhost:0", false)]
    [InlineData("localhost:65536", false)]
    [InlineData("localhost:99999", false)]
    [InlineData("localhost:abc", false)]
    [InlineData("localhost:", false)]
    [InlineData(":5432", false)]
    [InlineData("[]:5432", false)]
    [InlineData("[::1]:x", false)]
    public void Shape_OfTheSchema_AcceptsWhatReadAccepts(string hostPort, bool valid)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader($"hostPort: \"{hostPort}\""));
        var problems = new ConfigProblems();

        HostPort.Read(new ConfigSection("c", (YamlMappingNode)stream.Documents[0].RootNode, problems, _ => null), 5432);

        Assert.Equal(valid, problems.Count == 0);
        Assert.Equal(valid, Regex.IsMatch(hostPort, HostPort.Shape));
    }
}
