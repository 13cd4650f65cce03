using System.Text;
using DurableIngest.Configuration;
using DurableIngest.Secrets;
using DurableIngest.Sinks.OpenMetadata;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// Names where a run's sink writes, so incremental state is only trusted for the sink that holds the tables: the
/// sink type, its non-secret scalar settings in key order, and for <c>metadata-rest</c> the server's hostPort.
/// Secret settings (a connection string, a token) are left out: they never reach the run store.
/// </summary>
public static class SinkTarget
{
    public static string Describe(WorkflowConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sink = config.Sink;
        var text = new StringBuilder(sink.Type);
        foreach (var key in sink.Config.Keys.Order(StringComparer.Ordinal))
        {
            if (!SecretScrubber.IsSecretKey(key) && sink.Config.IsScalar(key))
            {
                text.Append(' ').Append(key).Append('=').Append(sink.Config.GetString(key));
            }
        }

        if (sink.Type == OpenMetadataSinkProvider.SinkType)
        {
            text.Append(" hostPort=").Append(config.Workflow.OpenMetadataServer.HostPort?.Trim().TrimEnd('/'));
        }

        return text.ToString();
    }
}
