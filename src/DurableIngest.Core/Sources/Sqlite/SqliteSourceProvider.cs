using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Registers the SQLite source (<c>source.type: sqlite</c>).</summary>
public sealed class SqliteSourceProvider : ISourceProvider
{
    private readonly RelativePathBase _paths;
    private readonly Func<string, SqliteConnection> _connectionFactory;

    /// <summary>Relative <c>databaseMode</c> paths resolve against the current directory.</summary>
    public SqliteSourceProvider()
        : this(null, null)
    {
    }

    /// <param name="paths">What relative <c>databaseMode</c> paths resolve against.</param>
    public SqliteSourceProvider(RelativePathBase paths)
        : this(paths ?? throw new ArgumentNullException(nameof(paths)), null)
    {
    }

    /// <param name="paths">What relative <c>databaseMode</c> paths resolve against; default the current directory.</param>
    /// <param name="connectionFactory">Creates the connection for a connection string (tests wrap it to count commands).</param>
    internal SqliteSourceProvider(RelativePathBase? paths, Func<string, SqliteConnection>? connectionFactory)
    {
        _paths = paths ?? RelativePathBase.CurrentDirectory();
        _connectionFactory = connectionFactory ?? (connectionString => new SqliteConnection(connectionString));
    }

    public IReadOnlyList<string> Types { get; } = ["sqlite"];

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        var found = settings.Connection.Problems;
        var before = found.Count;
        _ = SqliteSourceOptions.Read(settings.Connection, _paths, checkFile: true);
        if (!ReferenceEquals(found, problems))
        {
            for (var i = before; i < found.Count; i++)
            {
                problems.Add(found[i]);
            }
        }
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var found = settings.Connection.Problems;
        var before = found.Count;
        var options = SqliteSourceOptions.Read(settings.Connection, _paths, checkFile: false);
        if (found.Count > before)
        {
            throw new ConfigException("source.serviceConnection.config", [.. found.Skip(before)]);
        }

        return new SqliteSource(options, settings.ServiceName, settings.Metadata, context, _connectionFactory);
    }
}
