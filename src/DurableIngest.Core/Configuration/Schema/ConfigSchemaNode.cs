namespace DurableIngest.Configuration.Schema;

/// <summary>One key of the recorded tree: how it was read, and the keys read under it, in reading order.</summary>
public sealed class ConfigSchemaNode
{
    private readonly List<KeyValuePair<string, ConfigSchemaNode>> _children = [];

    /// <summary>How the key was read; null for a mapping known only through the keys read under it.</summary>
    public ConfigKeyShape? Shape { get; private set; }

    /// <summary>True when the readers refuse any key here that they do not read (<see cref="ConfigSection.RejectUnknownKeys"/>).</summary>
    public bool Closed { get; internal set; }

    public IReadOnlyList<KeyValuePair<string, ConfigSchemaNode>> Children => _children;

    /// <summary>True when the key, or any key under it, is required: the readers report those even when this one is absent.</summary>
    public bool Required => Shape?.Required == true || _children.Any(c => c.Value.Required);

    /// <summary>The node at <paramref name="path"/> below this one, created as needed.</summary>
    public ConfigSchemaNode Descend(IReadOnlyList<string> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var node = this;
        foreach (var name in path)
        {
            var child = node._children.FirstOrDefault(c => c.Key == name).Value;
            if (child is null)
            {
                child = new ConfigSchemaNode();
                node._children.Add(new(name, child));
            }

            node = child;
        }

        return node;
    }

    internal void Merge(ConfigKeyShape shape, string path) => Shape = Shape is null ? shape : Shape.Merge(shape, path);
}
