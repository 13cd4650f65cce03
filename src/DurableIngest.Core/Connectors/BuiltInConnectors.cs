using DurableIngest.Sinks;
using DurableIngest.Sinks.OpenMetadata;
using DurableIngest.Sources;

namespace DurableIngest.Connectors;

/// <summary>Every connector shipped with DurableIngest. Each source or sink folder adds its provider here.</summary>
public static class BuiltInConnectors
{
    public static ConnectorRegistry Create() => new(Sources(), Sinks());

    private static IEnumerable<ISourceProvider> Sources()
    {
        yield break;
    }

    private static IEnumerable<ISinkProvider> Sinks()
    {
        yield return new OpenMetadataSinkProvider();
    }
}
