using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>Builds the Npgsql connection string for one database from the options and the dialect.</summary>
public static class PostgresConnectionStrings
{
    public const string ApplicationName = "durable-ingest";

    /// <summary>Seconds the client waits beyond the server's statement timeout before it cancels a command itself.</summary>
    private const int ClientGraceSeconds = 30;

    public static string Build(PostgresOptions options, PostgresFamilyDialect dialect, string database)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dialect);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = options.Host,
            Port = options.Port,
            Username = options.Username,
            Database = database,
            SslMode = options.SslMode,
            ApplicationName = ApplicationName,
            Pooling = true,
            Timeout = Math.Min(options.ConnectTimeoutSeconds, 1024),
            CommandTimeout = options.StatementTimeoutSeconds + ClientGraceSeconds,
            // A cancelled command is given up at once (its connection closed) instead of waiting up to 2 s for the
            // server to confirm: cancelling here means the run is stopping or a hedged chunk attempt lost the race, and a
            // loser stuck behind a slow link must not hold its step (Npgsql: -1 skips the wait).
            CancellationTimeout = -1,
        };
        if (options.Password is not null)
        {
            builder.Password = options.Password;
        }

        foreach (var (keyword, value) in options.ConnectionOptions)
        {
            builder[keyword] = value;
        }

        dialect.Configure(builder, options);
        return builder.ConnectionString;
    }
}
