using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.Postgres;

/// <summary>Registers a PostgreSQL-protocol source for its dialect's <c>source.type</c> (<c>postgres</c>, <c>redshift</c>).</summary>
public sealed class PostgresSourceProvider : SourceProvider<PostgresOptions>
{
    private readonly PostgresFamilyDialect _dialect;
    private readonly RelativePathBase _paths;

    /// <summary>Relative file paths in <c>connectionOptions</c> resolve against the current directory.</summary>
    public PostgresSourceProvider(PostgresFamilyDialect dialect)
        : this(dialect, RelativePathBase.CurrentDirectory())
    {
    }

    /// <param name="dialect">The protocol dialect, which also names the <c>source.type</c>.</param>
    /// <param name="paths">What relative file paths in <c>connectionOptions</c> (<c>sslrootcert</c>, ...) resolve against.</param>
    public PostgresSourceProvider(PostgresFamilyDialect dialect, RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(paths);
        _dialect = dialect;
        _paths = paths;
        Types = [dialect.SourceType];
    }

    public override IReadOnlyList<string> Types { get; }

    protected override PostgresOptions ReadOptions(SourceSettings settings, bool validating) =>
        PostgresOptions.Read(settings.Connection, _dialect, _paths);

    protected override IMetadataSource CreateSource(PostgresOptions options, SourceSettings settings, ConnectorContext context) =>
        new PostgresSource(options, _dialect, settings, context);
}
