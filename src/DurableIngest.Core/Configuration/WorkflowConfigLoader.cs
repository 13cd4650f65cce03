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

        var top = new ConfigSection(string.Empty, root, problems, _environment);
        var sourceSection = top.GetSection("source");
        if (!sourceSection.Exists)
        {
            top.Error("source", "required");
        }

        var sourceType = sourceSection.GetString("type", required: sourceSection.Exists)?.Trim().ToLowerInvariant();
        var serviceName = sourceSection.GetString("serviceName", required: sourceSection.Exists);
        var connection = sourceSection.GetSection("serviceConnection").GetSection("config");
        var sourceConfig = sourceSection.GetSection("sourceConfig").GetSection("config");
        var metadata = DatabaseMetadataOptions.Read(sourceConfig, connection);

        var sinkSection = top.GetSection("sink");
        if (!sinkSection.Exists)
        {
            top.Error("sink", "required");
        }

        var sinkType = sinkSection.GetString("type", required: sinkSection.Exists)?.Trim().ToLowerInvariant();
        var workflowSection = top.GetSection("workflowConfig");
        var workflow = WorkflowSettings.Read(workflowSection, _environment);

        var source = new SourceSettings
        {
            Type = sourceType ?? string.Empty,
            ServiceName = serviceName ?? string.Empty,
            Connection = connection,
            Metadata = metadata,
        };
        var sink = new SinkSettings { Type = sinkType ?? string.Empty, Config = sinkSection.GetSection("config") };

        if (sourceType is not null)
        {
            if (_connectors.FindSource(sourceType) is { } sourceProvider)
            {
                sourceProvider.Validate(source, problems);
            }
            else
            {
                sourceSection.Error("type", $"unknown source type '{sourceType}'; supported: {string.Join(", ", _connectors.SourceTypes)}");
            }
        }

        if (sinkType is not null)
        {
            if (_connectors.FindSink(sinkType) is { } sinkProvider)
            {
                sinkProvider.Validate(sink, workflow, problems);
            }
            else
            {
                sinkSection.Error("type", $"unknown sink type '{sinkType}'; supported: {string.Join(", ", _connectors.SinkTypes)}");
            }
        }

        if (problems.HasAny)
        {
            return null;
        }

        return new WorkflowConfig { Source = source, Sink = sink, Workflow = workflow, RawText = text };
    }

    private YamlMappingNode? Parse(string text, ConfigProblems problems) =>
        WorkflowYaml.Parse(text, _limits, problems, "source, sink and workflowConfig");
}
