namespace DurableIngest.Configuration.Schema;

/// <summary>
/// Records every key the option readers read, while they are driven over an empty document (see
/// <see cref="ConfigSection.Recording"/>): its path, kind, whether it is required, its bounds and choices. The keys
/// a source or sink reads for its own type go to that type's <see cref="ConfigSchemaBranch"/>.
/// </summary>
public sealed class ConfigSchemaRecorder
{
    private readonly List<ConfigSchemaBranch> _branches = [];
    private ConfigSchemaNode _current;

    public ConfigSchemaRecorder() => _current = Root;

    /// <summary>The keys read whatever the types.</summary>
    public ConfigSchemaNode Root { get; } = new();

    public IReadOnlyList<ConfigSchemaBranch> Branches => _branches;

    public void Record(IReadOnlyList<string> path, ConfigKeyShape shape)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        _current.Descend(path).Merge(shape, string.Join('.', path));
    }

    /// <summary>The mapping at <paramref name="path"/> accepts only the keys read in it.</summary>
    public void Close(IReadOnlyList<string> path) => _current.Descend(path).Closed = true;

    /// <summary>Runs <paramref name="read"/>, recording what it reads into the branch for <paramref name="discriminator"/> = <paramref name="value"/>.</summary>
    public void Branch(string discriminator, string value, Action read)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(read);
        var branch = new ConfigSchemaBranch(discriminator.Split('.'), value);
        _branches.Add(branch);
        _current = branch.Root;
        try
        {
            read();
        }
        finally
        {
            _current = Root;
        }
    }
}
