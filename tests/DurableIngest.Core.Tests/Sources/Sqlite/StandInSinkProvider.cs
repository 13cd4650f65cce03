using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sinks;

namespace DurableIngest.Sources.Sqlite;

/// <summary>A sink type for the config loader to accept; these tests never write, so it cannot create a sink.</summary>
internal sealed class StandInSinkProvider : ISinkProvider
{
    public string Type => "file";

    public void Validate(SinkSettings settings, WorkflowSettings workflow, ConfigProblems problems)
    {
    }

    public ICatalogSink Create(SinkSettings settings, WorkflowSettings workflow, ConnectorContext context) =>
        throw new NotSupportedException("the SQLite source tests do not write a catalog");
}
