using DurableIngest.Configuration;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// <c>source.serviceConnection.config</c> of a MySQL or MariaDB source, keyed as OpenMetadata's
/// <c>mysqlConnection.json</c> (and <c>mariaDBConnection.json</c>). Read once at start-up; every problem is reported
/// at once with its YAML path. A class, not a record, so that the password never shows up in a ToString.
/// </summary>
public sealed class MySqlOptions
{
    public const int DefaultPort = 3306;

    /// <summary>The catalog database when <c>databaseName</c> is not set: <c>default</c>, as OpenMetadata names it.</summary>
    public const string DefaultDatabaseName = "default";

    /// <summary>Default statement timeout: one chunk's catalog statements take well under a second, so 5 minutes only stops a stuck server.</summary>
    public const int DefaultStatementTimeoutSeconds = 300;

    public const int DefaultConnectTimeoutSeconds = 30;

    /// <summary>The schemas no ingest lists unless <c>databaseSchema</c> names one: the server's own.</summary>
    public static readonly IReadOnlyList<string> SystemSchemas = ["information_schema", "mysql", "performance_schema", "sys"];

    // OpenMetadata's sslMode values (verifySSLConfig.json), then MySQL's own --ssl-mode spellings.
    private static readonly Dictionary<string, MySqlSslMode> SslModes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["disable"] = MySqlSslMode.None,
        ["allow"] = MySqlSslMode.Preferred,
        ["prefer"] = MySqlSslMode.Preferred,
        ["require"] = MySqlSslMode.Required,
        ["verify-ca"] = MySqlSslMode.VerifyCA,
        ["verify-full"] = MySqlSslMode.VerifyFull,
        ["disabled"] = MySqlSslMode.None,
        ["preferred"] = MySqlSslMode.Preferred,
        ["required"] = MySqlSslMode.Required,
        ["verify_ca"] = MySqlSslMode.VerifyCA,
        ["verify_identity"] = MySqlSslMode.VerifyFull,
    };

    public required string Host { get; init; }

    public required int Port { get; init; }

    public required string Username { get; init; }

    /// <summary><c>password</c> or <c>authType.password</c>. A secret: never logged, stored or put in a message.</summary>
    public string? Password { get; init; }

    /// <summary><c>databaseSchema</c>: the one schema (MySQL database) to ingest; null for every schema the user can see but the system ones.</summary>
    public string? DatabaseSchema { get; init; }

    /// <summary><c>databaseName</c>: the database's name in the catalog (MySQL has no level above schemas). Default <see cref="DefaultDatabaseName"/>.</summary>
    public string DatabaseName { get; init; } = DefaultDatabaseName;

    /// <summary><c>sslMode</c>: disable, allow, prefer (default), require, verify-ca or verify-full (MySQL's DISABLED ... VERIFY_IDENTITY too).</summary>
    public MySqlSslMode SslMode { get; init; } = MySqlSslMode.Preferred;

    /// <summary><c>sslConfig.caCertificate</c> (or the older <c>sslCA</c>): the CA that signed the server's certificate.</summary>
    public MySqlCertificate? CaCertificate { get; init; }

    /// <summary><c>sslConfig.sslCertificate</c> (or <c>sslCert</c>): the client certificate.</summary>
    public MySqlCertificate? ClientCertificate { get; init; }

    /// <summary><c>sslConfig.sslKey</c> (or <c>sslKey</c>): the client certificate's private key. A secret when it holds PEM text.</summary>
    public MySqlCertificate? ClientKey { get; init; }

    /// <summary><c>connectionOptions</c> then <c>connectionArguments</c>, as MySqlConnector keywords, file paths made absolute.</summary>
    public IReadOnlyDictionary<string, string> ConnectionOptions { get; init; } = new Dictionary<string, string>();

    /// <summary><c>statementTimeoutSeconds</c> (DurableIngest extension): a statement still running then is cancelled on the server. Default <see cref="DefaultStatementTimeoutSeconds"/>.</summary>
    public int StatementTimeoutSeconds { get; init; } = DefaultStatementTimeoutSeconds;

    /// <summary><c>connectTimeoutSeconds</c> (DurableIngest extension). Default <see cref="DefaultConnectTimeoutSeconds"/>.</summary>
    public int ConnectTimeoutSeconds { get; init; } = DefaultConnectTimeoutSeconds;

    /// <summary>
    /// Reads and validates the connection block for <c>source.type</c> <paramref name="sourceType"/> (whose
    /// <c>type</c> must be <paramref name="serviceType"/>); problems go to the section's shared list. Relative
    /// certificate paths resolve against <paramref name="paths"/>.
    /// </summary>
    public static MySqlOptions Read(ConfigSection connection, string sourceType, string serviceType, RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(paths);
        _ = connection.GetChoice("type", [serviceType], invalid: type => $"must be '{serviceType}' for source.type '{sourceType}', not '{type}'; fix source.type or this type so they name the same connector");
        _ = connection.GetChoice("scheme", ["mysql+pymysql"], invalid: scheme => $"must be 'mysql+pymysql' (OpenMetadata's only scheme for MySQL; DurableIngest connects with its own driver), not '{scheme}'; remove it or set it to mysql+pymysql");

        var (host, port) = HostPort.Read(connection, DefaultPort);
        var username = connection.GetString("username", required: true) ?? string.Empty;
        var password = ReadPassword(connection);
        var schema = ReadOptionalName(connection, "databaseSchema", "the one schema to ingest (for example 'shop')", "to ingest every schema the user can see");
        var databaseName = ReadOptionalName(connection, "databaseName", "the database's name in the catalog (for example 'sales')", $"to use '{DefaultDatabaseName}'");
        var sslMode = ReadSslMode(connection);
        var ssl = connection.GetSection("sslConfig");
        var ca = ReadCertificate(ssl, "caCertificate", paths) ?? ReadCertificate(connection, "sslCA", paths);
        var certificate = ReadCertificate(ssl, "sslCertificate", paths) ?? ReadCertificate(connection, "sslCert", paths);
        var key = ReadCertificate(ssl, "sslKey", paths) ?? ReadCertificate(connection, "sslKey", paths);
        if ((certificate is null) != (key is null))
        {
            var section = ssl.Exists ? ssl : connection;
            section.Error(certificate is null ? "sslKey" : section == ssl ? "sslCertificate" : "sslCert",
                "a client certificate needs both the certificate and its key; give sslConfig.sslCertificate and sslConfig.sslKey together, or neither");
        }

        var options = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in new[] { "connectionOptions", "connectionArguments" })
        {
            foreach (var (name, value) in MySqlConnectionOptions.Read(connection, section, paths))
            {
                options[name] = value;
            }
        }

        return new MySqlOptions
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            DatabaseSchema = schema,
            DatabaseName = databaseName ?? DefaultDatabaseName,
            SslMode = sslMode,
            CaCertificate = ca,
            ClientCertificate = certificate,
            ClientKey = key,
            ConnectionOptions = options,
            StatementTimeoutSeconds = connection.GetInt("statementTimeoutSeconds", min: 1, max: 86_400) ?? DefaultStatementTimeoutSeconds,
            ConnectTimeoutSeconds = connection.GetInt("connectTimeoutSeconds", min: 1, max: 3_600) ?? DefaultConnectTimeoutSeconds,
        };
    }

    private static string? ReadPassword(ConfigSection connection)
    {
        var authType = connection.GetSection("authType");
        foreach (var unsupported in new[] { "awsConfig", "azureConfig", "gcpConfig" })
        {
            authType.Forbid(unsupported, _ => "is not supported; use authType.password (or password) with a ${VAR} reference");
        }

        return authType.GetString("password") ?? connection.GetString("password");
    }

    private static string? ReadOptionalName(ConfigSection connection, string key, string what, string removeTo)
    {
        var value = connection.GetString(key);
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            connection.Error(key, $"is empty; give {what}, or remove the key {removeTo}");
            return null;
        }

        return value?.Trim();
    }

    private static MySqlSslMode ReadSslMode(ConfigSection connection)
    {
        var mode = connection.GetChoice(
            "sslMode",
            [.. SslModes.Keys],
            invalid: text => $"must be one of disable, allow, prefer, require, verify-ca, verify-full (or MySQL's DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY), not '{text.Trim()}'");
        return mode is null ? MySqlSslMode.Preferred : SslModes[mode];
    }

    private static MySqlCertificate? ReadCertificate(ConfigSection section, string key, RelativePathBase paths)
    {
        var value = section.GetString(key);
        if (value is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            section.Error(key, "is empty; give the PEM text or the path of a .pem file, or remove the key");
            return null;
        }

        if (MySqlCertificate.LooksLikePem(value))
        {
            return MySqlCertificate.FromPem(value);
        }

        var path = value.Trim();
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            section.Error(key, "is neither PEM text (-----BEGIN ...) nor a usable file path; give one or the other");
            return null;
        }

        if (paths.Refusal(path) is { } refusal)
        {
            section.Error(key, refusal);
            return null;
        }

        if (!File.Exists(paths.Resolve(path)))
        {
            section.Error(key, $"the file '{path}' does not exist (looked for {paths.Describe(path)}); {paths.Remedies(path)}, or give the PEM text itself");
            return null;
        }

        return MySqlCertificate.FromPath(paths.Resolve(path));
    }
}
