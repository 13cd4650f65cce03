using DurableIngest.Configuration;
using DurableIngest.Configuration.Schema;

namespace DurableIngest.Core.Tests.Configuration.Schema;

public sealed class ConfigSchemaRecorderTests
{
    private static (ConfigSchemaRecorder Recorder, ConfigSection Top) Recording()
    {
        var recorder = new ConfigSchemaRecorder();
        return (recorder, new ConfigSection(string.Empty, null, new ConfigProblems(recorder), _ => null));
    }

    private static ConfigKeyShape? ShapeAt(ConfigSchemaNode root, params string[] path)
    {
        var node = root;
        foreach (var name in path)
        {
            node = node.Children.Single(c => c.Key == name).Value;
        }

        return node.Shape;
    }

    [Fact]
    public void GetChoice_WhileRecording_RecordsTheVeryListTheReaderChecks()
    {
        var (recorder, top) = Recording();
        string[] modes = ["disable", "require"];

        top.GetSection("connection").GetChoice("sslMode", modes, required: true);

        var shape = ShapeAt(recorder.Root, "connection", "sslMode");
        Assert.Same(modes, shape!.Choices);
        Assert.True(shape.Required);
        Assert.True(recorder.Root.Children.Single().Value.Required);
    }

    [Fact]
    public void GetInt_WhileRecording_RecordsItsKindAndBounds()
    {
        var (recorder, top) = Recording();

        top.GetInt("parallelism", min: 1, max: 1024);
        top.GetDouble("backoffSeconds", above: 0);

        Assert.Equal(new ConfigKeyShape(ConfigValueKind.WholeNumber) { Minimum = 1, Maximum = 1024 }, ShapeAt(recorder.Root, "parallelism"));
        Assert.Equal(0, ShapeAt(recorder.Root, "backoffSeconds")!.ExclusiveMinimum);
    }

    [Fact]
    public void Exists_WhileRecording_IsTrueSoKeysReadOnlyInAGivenSectionAreRecorded()
    {
        var (recorder, top) = Recording();

        FilterPattern.Read(top, "tableFilterPattern");

        Assert.Equal(ConfigValueKind.List, ShapeAt(recorder.Root, "tableFilterPattern", "includes")!.Kind);
        Assert.Equal(ConfigValueKind.List, ShapeAt(recorder.Root, "tableFilterPattern", "excludes")!.Kind);
    }

    [Fact]
    public void Branch_KeysReadInside_GoToTheBranchAndNotTheCommonKeys()
    {
        var (recorder, top) = Recording();
        top.GetString("common");

        recorder.Branch("source.type", "postgres", () => top.GetString("hostPort", required: true));

        Assert.Equal(["common"], recorder.Root.Children.Select(c => c.Key));
        var branch = Assert.Single(recorder.Branches);
        Assert.Equal(["source", "type"], branch.Discriminator);
        Assert.Equal("postgres", branch.Value);
        Assert.True(ShapeAt(branch.Root, "hostPort")!.Required);
    }

    [Fact]
    public void Record_OneKeyReadAsTwoKinds_ThrowsNamingIt()
    {
        var (_, top) = Recording();
        top.GetString("enabled");

        var error = Assert.Throws<InvalidOperationException>(() => top.GetBool("enabled"));

        Assert.Contains("enabled is read as Text and as Boolean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectUnknownKeys_WhileRecording_ClosesTheSection()
    {
        var (recorder, top) = Recording();

        top.GetSection("config").RejectUnknownKeys(["container"], key => $"{key} is unknown");

        Assert.True(recorder.Root.Children.Single().Value.Closed);
    }
}
