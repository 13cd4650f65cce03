using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources.Postgres;

/// <summary>Registers a PostgreSQL-protocol source for its dialect's <c>source.type</c> (<c>postgres</c>, <c>redshift</c>).</summary>
public sealed class PostgresSourceProvider : ISourceProvider
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

    public IReadOnlyList<string> Types { get; }

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
        problems.ThrowIfAny($"source ({_dialect.SourceType})");
        return new PostgresSource(options, _dialect, settings, context);
    }

    // The connection section reports into the loader's list; problems found on this read are copied to the caller's list too.
    private PostgresOptions ReadOptions(SourceSettings settings, ConfigProblems problems)
    {
        var sectionProblems = settings.Connection.Problems;
        var before = sectionProblems.Count;
        var options = PostgresOptions.Read(settings.Connection, _dialect, _paths);
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
