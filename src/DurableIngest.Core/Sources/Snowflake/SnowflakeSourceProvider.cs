using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.Snowflake;

/// <summary>Registers the Snowflake source (<c>source.type: snowflake</c>).</summary>
public sealed class SnowflakeSourceProvider : SourceProvider<SnowflakeOptions>
{
    public const string SourceType = "snowflake";

    public override IReadOnlyList<string> Types { get; } = [SourceType];

    protected override SnowflakeOptions? ReadOptions(SourceSettings settings, bool validating) =>
        SnowflakeOptions.Read(settings.Connection);

    protected override IMetadataSource CreateSource(SnowflakeOptions options, SourceSettings settings, ConnectorContext context) =>
        new SnowflakeSource(options, settings, context);
}
