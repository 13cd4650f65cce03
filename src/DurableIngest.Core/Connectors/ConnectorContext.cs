using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Connectors;

/// <summary>What a source or sink gets from the host that runs its activity.</summary>
public sealed record ConnectorContext
{
    /// <summary>The run this activity belongs to (sinks use it to create parents once per run).</summary>
    public string RunId { get; init; } = string.Empty;

    /// <summary>The catalog service being ingested, without secrets.</summary>
    public ServiceDescriptor? Service { get; init; }

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
