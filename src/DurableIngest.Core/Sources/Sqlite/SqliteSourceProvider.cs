using DurableIngest.Configuration;
using DurableIngest.Connectors;
using Microsoft.Data.Sqlite;

namespace DurableIngest.Sources.Sqlite;

/// <summary>Registers the SQLite source (<c>source.type: sqlite</c>).</summary>
public sealed class SqliteSourceProvider : SourceProvider<SqliteSourceOptions>
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

    public override IReadOnlyList<string> Types { get; } = ["sqlite"];

    // The file must exist at validation; inside an activity, opening it reports a file that has gone since.
    protected override SqliteSourceOptions ReadOptions(SourceSettings settings, bool validating) =>
        SqliteSourceOptions.Read(settings.Connection, _paths, checkFile: validating);

    protected override IMetadataSource CreateSource(SqliteSourceOptions options, SourceSettings settings, ConnectorContext context) =>
        new SqliteSource(options, settings.ServiceName, settings.Metadata, context, _connectionFactory);
}
