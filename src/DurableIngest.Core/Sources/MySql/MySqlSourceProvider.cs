using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Registers the MySQL source for <c>source.type: mysql</c> (<c>type: Mysql</c>) and <c>source.type: mariadb</c>
/// (<c>type: MariaDB</c>): OpenMetadata has one connector for each, with the same keys and the same server protocol.
/// </summary>
public sealed class MySqlSourceProvider : ISourceProvider
{
    private static readonly Dictionary<string, string> ServiceTypes = new(StringComparer.Ordinal)
    {
        ["mysql"] = "Mysql",
        ["mariadb"] = "MariaDB",
    };

    private readonly RelativePathBase _paths;

    /// <summary>Relative certificate paths resolve against the current directory.</summary>
    public MySqlSourceProvider()
        : this(RelativePathBase.CurrentDirectory())
    {
    }

    /// <param name="paths">What relative file paths (<c>sslConfig</c> certificates, <c>connectionOptions</c> files) resolve against.</param>
    public MySqlSourceProvider(RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _paths = paths;
    }

    public IReadOnlyList<string> Types { get; } = [.. ServiceTypes.Keys];

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        ReadOptions(settings, problems);
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new ConfigProblems();
        var options = ReadOptions(settings, problems);
        problems.ThrowIfAny($"source ({settings.Type})");
        return new MySqlSource(options, settings, context);
    }

    // The connection section reports into the loader's list; problems found on this read are copied to the caller's list too.
    private MySqlOptions ReadOptions(SourceSettings settings, ConfigProblems problems)
    {
        var sectionProblems = settings.Connection.Problems;
        var before = sectionProblems.Count;
        var serviceType = ServiceTypes.GetValueOrDefault(settings.Type, "Mysql");
        var options = MySqlOptions.Read(settings.Connection, settings.Type, serviceType, _paths);
        if (!ReferenceEquals(sectionProblems, problems))
        {
            for (var i = before; i < sectionProblems.Count; i++)
            {
                problems.Add(sectionProblems[i]);
            }
        }

        return options;
    }
}
