using DurableIngest.Configuration;

namespace DurableIngest.Core.Tests.Configuration;

public sealed class EnvironmentSubstitutionTests
{
    private static string? Lookup(string name) => name switch { "USER" => "ada", "EMPTY" => string.Empty, _ => null };

    [Theory]
    [InlineData("${USER}", "ada")]
    [InlineData("pre-${USER}-post", "pre-ada-post")]
    [InlineData("${MISSING:-fallback}", "fallback")]
    [InlineData("${USER:-fallback}", "ada")]
    [InlineData("${EMPTY:-fallback}", "")]
    [InlineData("$${USER}", "${USER}")]
    [InlineData("no references", "no references")]
    public void Substitute_References_AreReplaced(string text, string expected)
    {
        Assert.Equal(expected, EnvironmentSubstitution.Substitute(text, Lookup, out var missing));
        Assert.Null(missing);
    }

    [Fact]
    public void Substitute_UnsetVariableWithoutDefault_NamesIt()
    {
        Assert.Null(EnvironmentSubstitution.Substitute("x ${NOPE} y", Lookup, out var missing));
        Assert.Equal("NOPE", missing);
    }
}
