using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sinks.File;

/// <summary>Registers <c>sink.type: file</c>.</summary>
public sealed class FileSinkProvider : ISinkProvider
{
    public string Type => "file";

    public void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FileSinkOptions.Read(settings.Config);
    }

    public ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new FileSink(FileSinkOptions.Read(settings.Config), context.RunId);
    }
}
