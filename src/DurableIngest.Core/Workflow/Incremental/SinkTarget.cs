using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Secrets;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// Names where a run's sink writes, so incremental state is only trusted for the sink that holds the tables: the
/// sink type, its non-secret scalar settings in key order, and what its provider says tells its destination apart
/// (for <c>metadata-rest</c>, the server's hostPort).
/// Secret settings (a connection string, a token) are left out: they never reach the run store.
/// </summary>
public static class SinkTarget
{
    public static string Describe(WorkflowConfig config, ConnectorRegistry connectors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(connectors);
        var sink = config.Sink;
        var text = new StringBuilder(sink.Type);
        foreach (var key in sink.Config.Keys.Order(StringComparer.Ordinal))
        {
            if (!SecretScrubber.IsSecretKey(key) && sink.Config.IsScalar(key))
            {
                text.Append(' ').Append(key).Append('=').Append(sink.Config.GetString(key));
            }
        }

        if (connectors.FindSink(sink.Type)?.DescribeTarget(config.Workflow) is { } target)
        {
            text.Append(' ').Append(target);
        }

        return text.ToString();
    }
}
