using DurableIngest.Connectors;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

/// <summary>
/// Loads an OpenMetadata workflow file (YAML or JSON) and validates it completely: syntax, structure,
/// our <c>distributedExecution</c> extension and the chosen source and sink's own options. Every problem
/// is reported at once with its YAML path and line. Keys OpenMetadata defines but we do not use are accepted.
/// </summary>
public sealed class WorkflowConfigLoader
{
    private readonly ConnectorRegistry _connectors;
    private readonly Func<string, string?> _environment;
    private readonly YamlLimits _limits;

    public WorkflowConfigLoader(ConnectorRegistry connectors, Func<string, string?>? environment = null, YamlLimits? limits = null)
    {
        _connectors = connectors;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _limits = limits ?? YamlLimits.Default;
    }

    /// <summary>The bounds every document this loader reads must stay within.</summary>
    public YamlLimits Limits => _limits;

    /// <summary>Loads and validates; throws <see cref="ConfigException"/> listing every problem.</summary>
    public WorkflowConfig Load(string text, string sourceName)
    {
        var config = TryLoad(text, out var problems);
        problems.ThrowIfAny(sourceName);
        return config!;
    }

    public WorkflowConfig LoadFile(string path) => Load(ReadFile(path), path);

    /// <summary>A workflow file's text, read within the limits and decoded strictly (see <see cref="WorkflowYaml.ReadFile"/>).</summary>
    public string ReadFile(string path)
    {
        var problems = new ConfigProblems();
        var text = WorkflowYaml.ReadFile(path, _limits, problems);
        problems.ThrowIfAny(path);
        return text!;
    }

    /// <summary>
    /// Reads only <c>workflowConfig.distributedExecution.runStore</c> (defaults included), for commands that only need to
    /// find runs: the rest of the file is neither validated nor resolved, so an unset source password does not matter.
    /// </summary>
    public RunStoreOptions LoadRunStoreFile(string path)
    {
        var text = ReadFile(path);
        var problems = new ConfigProblems();
        var root = Parse(text, problems);
        problems.ThrowIfAny(path);
        var section = new ConfigSection(string.Empty, root, problems, _environment)
            .GetSection("workflowConfig").GetSection("distributedExecution").GetSection("runStore");
        var options = RunStoreOptions.Read(section, _environment);
        problems.ThrowIfAny(path);
        return options;
    }

    /// <summary>Loads and validates; returns null when any problem was found.</summary>
    public WorkflowConfig? TryLoad(string text, out ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(text);
        problems = new ConfigProblems();
        var root = Parse(text, problems);
        if (root is null)
        {
            return null;
        }

        var (source, sink, workflow) = Read(new ConfigSection(string.Empty, root, problems, _environment));
        if (_connectors.FindSource(source.Type) is { } sourceProvider)
        {
            sourceProvider.Validate(source, problems);
        }

        if (_connectors.FindSink(sink.Type) is { } sinkProvider)
        {
            sinkProvider.Validate(sink, workflow, problems);
        }

        if (problems.HasAny)
        {
            return null;
        }

        return new WorkflowConfig { Source = source, Sink = sink, Workflow = workflow, RawText = text };
    }

    /// <summary>
    /// Reads what every workflow has: the source and sink blocks (an unknown type is reported and read as empty) and
    /// workflowConfig. The chosen source and sink then read their own options (<see cref="TryLoad"/>), or every one of
    /// them does when the schema is recorded (<see cref="Schema.WorkflowSchema"/>).
    /// </summary>
    internal (SourceSettings Source, SinkSettings Sink, WorkflowSettings Workflow) Read(ConfigSection top)
    {
        var sourceSection = top.GetSection("source", required: true);
        var sourceType = sourceSection.GetChoice(
            "type",
            [.. _connectors.SourceTypes],
            required: sourceSection.Exists,
            invalid: type => $"unknown source type '{type.Trim().ToLowerInvariant()}'; supported: {string.Join(", ", _connectors.SourceTypes)}");
        var serviceName = sourceSection.GetString("serviceName", required: sourceSection.Exists);
        var connection = sourceSection.GetSection("serviceConnection").GetSection("config");
        var sourceConfig = sourceSection.GetSection("sourceConfig").GetSection("config");
        var metadata = DatabaseMetadataOptions.Read(sourceConfig, connection);

        var sinkSection = top.GetSection("sink", required: true);
        var sinkType = sinkSection.GetChoice(
            "type",
            [.. _connectors.SinkTypes],
            required: sinkSection.Exists,
            invalid: type => $"unknown sink type '{type.Trim().ToLowerInvariant()}'; supported: {string.Join(", ", _connectors.SinkTypes)}");
        var workflow = WorkflowSettings.Read(top.GetSection("workflowConfig"), _environment);

        var source = new SourceSettings
        {
            Type = sourceType ?? string.Empty,
            ServiceName = serviceName ?? string.Empty,
            Connection = connection,
            Metadata = metadata,
        };
        var sink = new SinkSettings { Type = sinkType ?? string.Empty, Config = sinkSection.GetSection("config") };
        return (source, sink, workflow);
    }

    private YamlMappingNode? Parse(string text, ConfigProblems problems) =>
        WorkflowYaml.Parse(text, _limits, problems, "source, sink and workflowConfig");
}
