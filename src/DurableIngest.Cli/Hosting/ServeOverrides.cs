using DurableIngest.Connectors;

namespace DurableIngest.Cli.Hosting;

/// <summary>What tests replace in a serve host: the clock, and the connectors (to inject faults and latency).</summary>
internal sealed record ServeOverrides
{
    public TimeProvider? Time { get; init; }

    public ConnectorRegistry? Connectors { get; init; }
}
