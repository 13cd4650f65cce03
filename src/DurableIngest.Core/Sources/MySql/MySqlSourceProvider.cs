using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Registers the MySQL source for <c>source.type: mysql</c> (<c>type: Mysql</c>) and <c>source.type: mariadb</c>
/// (<c>type: MariaDB</c>): OpenMetadata has one connector for each, with the same keys and the same server protocol.
/// </summary>
public sealed class MySqlSourceProvider : SourceProvider<MySqlOptions>
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

    public override IReadOnlyList<string> Types { get; } = [.. ServiceTypes.Keys];

    protected override MySqlOptions ReadOptions(SourceSettings settings, bool validating) =>
        MySqlOptions.Read(settings.Connection, settings.Type, ServiceTypes.GetValueOrDefault(settings.Type, "Mysql"), _paths);

    protected override IMetadataSource CreateSource(MySqlOptions options, SourceSettings settings, ConnectorContext context) =>
        new MySqlSource(options, settings, context);
}
