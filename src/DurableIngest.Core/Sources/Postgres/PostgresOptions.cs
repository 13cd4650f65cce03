using DurableIngest.Configuration;
using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// <c>source.serviceConnection.config</c> of a PostgreSQL or Redshift source. Read once at start-up; every problem is
/// reported at once with its YAML path. A class, not a record, so that the password never shows up in a ToString.
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>Default statement timeout: one chunk's catalog queries take well under a second, so 5 minutes only stops a stuck server.</summary>
    public const int DefaultStatementTimeoutSeconds = 300;

    public const int DefaultConnectTimeoutSeconds = 30;

    private static readonly string[] SslModes = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];

    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string Username { get; init; }

    /// <summary><c>password</c> or <c>authType.password</c>. A secret: never logged, stored or put in a message.</summary>
    public string? Password { get; init; }

    /// <summary>The database to ingest, or to list the others from when <see cref="IngestAllDatabases"/>.</summary>
    public required string Database { get; init; }

    public bool IngestAllDatabases { get; init; }

    /// <summary><c>sslMode</c>: disable, allow, prefer (default), require, verify-ca or verify-full.</summary>
    public SslMode SslMode { get; init; } = SslMode.Prefer;

    /// <summary><c>connectionOptions</c>, already translated to Npgsql connection-string keywords, file paths made absolute.</summary>
    public IReadOnlyDictionary<string, string> ConnectionOptions { get; init; } = new Dictionary<string, string>();

    /// <summary><c>statementTimeoutSeconds</c> (DurableIngest extension). Default <see cref="DefaultStatementTimeoutSeconds"/>.</summary>
    public int StatementTimeoutSeconds { get; init; } = DefaultStatementTimeoutSeconds;

    /// <summary><c>connectTimeoutSeconds</c> (DurableIngest extension). Default <see cref="DefaultConnectTimeoutSeconds"/>.</summary>
    public int ConnectTimeoutSeconds { get; init; } = DefaultConnectTimeoutSeconds;

    /// <summary>
    /// Reads and validates the connection block; problems go to the section's shared list. Relative file paths in
    /// <c>connectionOptions</c> resolve against <paramref name="paths"/>.
    /// </summary>
    public static PostgresOptions Read(ConfigSection connection, PostgresFamilyDialect dialect, RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(paths);
        _ = connection.GetChoice("type", [dialect.ServiceType], invalid: type => $"must be '{dialect.ServiceType}' for source.type '{dialect.SourceType}', not '{type}'");

        var (host, port) = HostPort.Read(connection, dialect.DefaultPort);
        var username = connection.GetString("username", required: true) ?? string.Empty;
        var password = ReadPassword(connection);
        var sslMode = ReadSslMode(connection);
        var statementTimeout = connection.GetInt("statementTimeoutSeconds", min: 1, max: 86_400) ?? DefaultStatementTimeoutSeconds;
        var connectTimeout = connection.GetInt("connectTimeoutSeconds", min: 1, max: 3_600) ?? DefaultConnectTimeoutSeconds;
        return new PostgresOptions
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            Database = connection.GetString("database") ?? dialect.DefaultDatabase,
            IngestAllDatabases = connection.GetBool("ingestAllDatabases") ?? false,
            SslMode = sslMode,
            ConnectionOptions = PostgresConnectionOptions.Read(connection, "connectionOptions", paths),
            StatementTimeoutSeconds = statementTimeout,
            ConnectTimeoutSeconds = connectTimeout,
        };
    }

    private static string? ReadPassword(ConfigSection connection)
    {
        var authType = connection.GetSection("authType");
        foreach (var unsupported in new[] { "awsConfig", "azureConfig" })
        {
            authType.Forbid(unsupported, _ => "is not supported; use authType.password (or password)");
        }

        return authType.GetString("password") ?? connection.GetString("password");
    }

    private static SslMode ReadSslMode(ConfigSection connection)
    {
        switch (connection.GetChoice("sslMode", SslModes))
        {
            case null:
                return SslMode.Prefer;
            case "disable":
                return SslMode.Disable;
            case "allow":
                return SslMode.Allow;
            case "prefer":
                return SslMode.Prefer;
            case "require":
                return SslMode.Require;
            case "verify-ca":
                return SslMode.VerifyCA;
            default:
                return SslMode.VerifyFull;
        }
    }
}
