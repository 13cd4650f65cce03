namespace DurableIngest.Configuration;

/// <summary>The <c>sink</c> block: <c>type</c> and its <c>config</c>, read by the sink's own options class.</summary>
public sealed record SinkSettings
{
    public required string Type { get; init; }

    public required ConfigSection Config { get; init; }
}
