using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DurableIngest.Connectors;
using Json.Schema;

namespace DurableIngest.Configuration.Schema;

/// <summary>
/// The JSON Schema (draft 2020-12) of the workflow files <c>validate</c> accepts, made from the option readers
/// themselves: they are driven once over an empty document while a <see cref="ConfigSchemaRecorder"/> records every
/// key they read, the common ones once and each source and sink type's under an if/then on <c>source.type</c> or
/// <c>sink.type</c>. What a schema cannot say (a file that must exist, one setting bounded by another) is left to
/// <c>validate</c>.
/// </summary>
public static class WorkflowSchema
{
    /// <summary>Where the repository publishes the schema, from its root.</summary>
    public const string PublishedPath = "schemas/workflow.schema.json";

    /// <summary>What the readers of <paramref name="connectors"/> read, recorded.</summary>
    public static ConfigSchemaRecorder Record(ConnectorRegistry connectors)
    {
        ArgumentNullException.ThrowIfNull(connectors);
        var recorder = new ConfigSchemaRecorder();
        var problems = new ConfigProblems(recorder);
        var loader = new WorkflowConfigLoader(connectors, _ => null);
        var (source, sink, workflow) = loader.Read(new ConfigSection(string.Empty, null, problems, _ => null));
        foreach (var type in connectors.SourceTypes)
        {
            recorder.Branch("source.type", type, () => connectors.GetSource(type).Validate(source with { Type = type }, problems));
        }

        foreach (var type in connectors.SinkTypes)
        {
            recorder.Branch("sink.type", type, () => connectors.GetSink(type).Validate(sink with { Type = type }, workflow, problems));
        }

        return recorder;
    }

    public static JsonSchema Create(ConnectorRegistry connectors) => ConfigSchemaBuilder.Build(Record(connectors)).Build();

    /// <summary>The schema as the command prints it: indented JSON, ending in a line feed.</summary>
    public static string CreateText(ConnectorRegistry connectors)
    {
        var schema = Create(connectors);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            schema.Root.Source.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }
}
