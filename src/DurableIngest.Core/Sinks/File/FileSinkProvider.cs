using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sinks.File;

/// <summary>Registers <c>sink.type: file</c>.</summary>
public sealed class FileSinkProvider : ISinkProvider
{
    private readonly RelativePathBase _paths;

    /// <summary>A relative <c>path</c> resolves against the current directory.</summary>
    public FileSinkProvider()
        : this(RelativePathBase.CurrentDirectory())
    {
    }

    /// <param name="paths">What a relative <c>path</c> resolves against.</param>
    public FileSinkProvider(RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths;
    }

    public string Type => "file";

    public void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        FileSinkOptions.Read(settings.Config, _paths);
    }

    public ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        return new FileSink(FileSinkOptions.Read(settings.Config, _paths), context.RunId);
    }
}
