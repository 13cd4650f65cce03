using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources;

namespace DurableIngest.Core.Tests.Support;

/// <summary>
/// A source type for tests of configuration handling only (schedules, the HTTP front door): it validates like a real
/// connector (reading its connection settings, so <c>${VAR}</c> references resolve) and never connects.
/// </summary>
internal sealed class ConfigOnlySourceProvider : ISourceProvider
{
    public const string Type = "configonly";

    public IReadOnlyList<string> Types => [Type];

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        settings.Connection.GetString("hostPort", required: true);
        settings.Connection.GetString("username");
        settings.Connection.GetString("password");
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context) =>
        throw new InvalidOperationException("configuration tests never connect to a source");
}
