using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>Registers the <c>metadata-rest</c> sink (OpenMetadata's REST API).</summary>
public sealed class OpenMetadataSinkProvider : ISinkProvider
{
    public const string SinkType = "metadata-rest";

    public string Type => SinkType;

    public void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems) =>
        OpenMetadataSinkOptions.Read(settings, workflow, problems);

    /// <summary>The server: the same sink settings against another OpenMetadata are another catalog.</summary>
    public string? DescribeTarget(WorkflowSettings workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return "hostPort=" + workflow.OpenMetadataServer.HostPort?.Trim().TrimEnd('/');
    }

    public ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problems = new ConfigProblems();
        var options = OpenMetadataSinkOptions.Read(settings, workflow, problems);
        if (options is null)
        {
            throw new ConfigException("the metadata-rest sink settings", [.. problems]);
        }

        return new OpenMetadataSink(options, context);
    }
}
