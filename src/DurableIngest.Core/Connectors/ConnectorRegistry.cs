using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Connectors;

/// <summary>The sources and sinks a host knows, by <c>source.type</c> and <c>sink.type</c>.</summary>
public sealed class ConnectorRegistry
{
    private readonly Dictionary<string, ISourceProvider> _sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ISinkProvider> _sinks = new(StringComparer.OrdinalIgnoreCase);

    public ConnectorRegistry(IEnumerable<ISourceProvider> sources, IEnumerable<ISinkProvider> sinks)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(sinks);
        foreach (var source in sources)
        {
            foreach (var type in source.Types)
            {
                _sources[type] = source;
            }
        }

        foreach (var sink in sinks)
        {
            _sinks[sink.Type] = sink;
        }
    }

    public IEnumerable<string> SourceTypes => _sources.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<string> SinkTypes => _sinks.Keys.Order(StringComparer.Ordinal);

    public ISourceProvider? FindSource(string type) => _sources.GetValueOrDefault(type);

    public ISinkProvider? FindSink(string type) => _sinks.GetValueOrDefault(type);

    public ISourceProvider GetSource(string type) =>
        FindSource(type) ?? throw new InvalidOperationException($"source.type '{type}' is not registered; supported: {string.Join(", ", SourceTypes)}");

    public ISinkProvider GetSink(string type) =>
        FindSink(type) ?? throw new InvalidOperationException($"sink.type '{type}' is not registered; supported: {string.Join(", ", SinkTypes)}");
}
