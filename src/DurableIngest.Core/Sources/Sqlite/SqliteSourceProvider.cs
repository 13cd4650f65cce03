using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Registers the SQLite source (<c>source.type: sqlite</c>).</summary>
public sealed class SqliteSourceProvider : ISourceProvider
{
    private readonly string? _workingDirectory;
    private readonly Func<string, SqliteConnection> _connectionFactory;

    public SqliteSourceProvider()
        : this(null, null)
    {
    }

    /// <param name="workingDirectory">What relative <c>databaseMode</c> paths resolve against; default the current directory.</param>
    /// <param name="connectionFactory">Creates the connection for a connection string (tests wrap it to count commands).</param>
    internal SqliteSourceProvider(string? workingDirectory, Func<string, SqliteConnection>? connectionFactory)
    {
        _workingDirectory = workingDirectory;
        _connectionFactory = connectionFactory ?? (connectionString => new SqliteConnection(connectionString));
    }

    public IReadOnlyList<string> Types { get; } = ["sqlite"];

    private string WorkingDirectory => _workingDirectory ?? Environment.CurrentDirectory;

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        var found = settings.Connection.Problems;
        var before = found.Count;
        _ = SqliteSourceOptions.Read(settings.Connection, WorkingDirectory, checkFile: true);
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
        var options = SqliteSourceOptions.Read(settings.Connection, WorkingDirectory, checkFile: false);
        if (found.Count > before)
        {
            throw new ConfigException("source.serviceConnection.config", [.. found.Skip(before)]);
        }

        return new SqliteSource(options, settings.ServiceName, settings.Metadata, context, _connectionFactory);
    }
}
