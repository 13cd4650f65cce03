using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

/// <summary>Edits of a workflow's text that keep everything else in it as written.</summary>
public static class WorkflowText
{
    /// <summary>
    /// The workflow with its <c>sink</c> replaced by a file sink writing under <paramref name="path"/> (what
    /// <c>bench</c> measures into: a throwaway folder instead of the real catalog).
    /// </summary>
    public static string WithFileSink(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var problems = new ConfigProblems();
        var root = WorkflowYaml.Parse(text, YamlLimits.Default, problems, "source, sink and workflowConfig");
        problems.ThrowIfAny();
        root!.Children[new YamlScalarNode("sink")] = new YamlMappingNode(
            new YamlScalarNode("type"), new YamlScalarNode("file"),
            new YamlScalarNode("config"), new YamlMappingNode(new YamlScalarNode("path"), new YamlScalarNode(path)));
        var writer = new StringWriter();
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
