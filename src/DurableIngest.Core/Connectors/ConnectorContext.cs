using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Connectors;

/// <summary>What a source or sink gets from the host that runs its activity.</summary>
public sealed record ConnectorContext
{
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
