using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources;

/// <summary>Registers one source connector: validates its options at start-up and creates it inside activities.</summary>
public interface ISourceProvider
{
    /// <summary>The <c>source.type</c> values this provider answers to (lower case).</summary>
    IReadOnlyList<string> Types { get; }

    /// <summary>Reports every problem in the connector's options without connecting.</summary>
    void Validate(SourceSettings settings, ConfigProblems problems);

    IMetadataSource Create(SourceSettings settings, ConnectorContext context);
}
