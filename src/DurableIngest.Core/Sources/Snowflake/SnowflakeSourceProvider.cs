using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.Snowflake;

/// <summary>Registers the Snowflake source (<c>source.type: snowflake</c>).</summary>
public sealed class SnowflakeSourceProvider : ISourceProvider
{
    public const string SourceType = "snowflake";

    public IReadOnlyList<string> Types { get; } = [SourceType];

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        var found = settings.Connection.Problems;
        var before = found.Count;
        _ = SnowflakeOptions.Read(settings.Connection);
        if (!ReferenceEquals(found, problems))
        {
            for (var i = before; i < found.Count; i++)
            {
                problems.Add(found[i]);
            }
        }
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var found = settings.Connection.Problems;
        var before = found.Count;
        var options = SnowflakeOptions.Read(settings.Connection);
        if (options is null || found.Count > before)
        {
            throw new ConfigException("source.serviceConnection.config", [.. found.Skip(before)]);
        }

        return new SnowflakeSource(options, settings, context);
    }
}
