using DurableIngest.Configuration;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// <c>source.serviceConnection.config</c> of <c>source.type: snowflake</c>, with OpenMetadata's
/// <c>snowflakeConnection.json</c> keys and a few DurableIngest extensions. Read once at start-up and again inside
/// activities; every problem is reported at once with its YAML path. A class, not a record, so that no secret shows
/// up in a ToString.
/// </summary>
public sealed class SnowflakeOptions
{
    public const string ServiceType = "Snowflake";

    /// <summary>Default <c>statementTimeoutSeconds</c>: a chunk's catalog statements take seconds; 5 minutes only stops a stuck one.</summary>
    public const int DefaultStatementTimeoutSeconds = 300;

    /// <summary>Default <c>requestTimeoutSeconds</c>: above the 45 s the SQL API waits before answering 202.</summary>
    public const int DefaultRequestTimeoutSeconds = 60;

    /// <summary>Default <c>maxRetries</c> of one request after 429, 503, 504 or a network error.</summary>
    public const int DefaultMaxRetries = 4;

    private const string PasswordRefusal =
        "password authentication is not available through Snowflake's SQL API, which this source uses; " +
        "use key-pair authentication (privateKey, with snowflakePrivatekeyPassphrase when the key is encrypted), " +
        "an OAuth access token (oauthToken) or a programmatic access token (programmaticAccessToken)";

    public required SnowflakeAccount Account { get; init; }

    public required string Username { get; init; }

    /// <summary><c>warehouse</c>, resolved as Snowflake resolves identifiers (unquoted → upper case).</summary>
    public required string Warehouse { get; init; }

    public string? Role { get; init; }

    /// <summary><c>database</c>: the one database to ingest; null ingests every database SHOW DATABASES lists.</summary>
    public string? Database { get; init; }

    /// <summary><c>queryTag</c>: sent as the <c>query_tag</c> session parameter of every statement.</summary>
    public string? QueryTag { get; init; }

    public required SnowflakeAuthMethod AuthMethod { get; init; }

    /// <summary>The secret of <see cref="AuthMethod"/>: the PEM key, or the token.</summary>
    public required string Secret { get; init; }

    public string? PrivateKeyPassphrase { get; init; }

    /// <summary>A <c>password</c> was given next to another method and is not used.</summary>
    public bool PasswordIgnored { get; init; }

    /// <summary><c>includeTransientTables</c>: default false, as in OpenMetadata.</summary>
    public bool IncludeTransientTables { get; init; }

    /// <summary><c>includeStreams</c>: default false. Streams are not ingested (no INFORMATION_SCHEMA view lists them); true adds a warning.</summary>
    public bool IncludeStreams { get; init; }

    /// <summary><c>apiBaseUrl</c> (DurableIngest extension): default <c>https://</c> + the account's host.</summary>
    public required Uri ApiBase { get; init; }

    public int StatementTimeoutSeconds { get; init; } = DefaultStatementTimeoutSeconds;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(DefaultRequestTimeoutSeconds);

    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>Reads and validates; null when a problem was found (every one of them is in the section's problems).</summary>
    public static SnowflakeOptions? Read(ConfigSection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var before = connection.Problems.Count;
        _ = connection.GetChoice("type", [ServiceType], invalid: type => $"must be '{ServiceType}' for source.type snowflake, not '{type}'; fix source.type or this type so they name the same connector");

        var account = ReadAccount(connection);
        var username = connection.GetString("username", required: true);
        var warehouse = ReadIdentifier(connection, "warehouse", required: true);
        var role = ReadIdentifier(connection, "role", required: false);
        var database = ReadIdentifier(connection, "database", required: false);
        var (method, secret, passphrase, passwordIgnored) = ReadAuthentication(connection);
        var apiBase = ReadApiBase(connection, account);
        var statementTimeout = connection.GetInt("statementTimeoutSeconds", min: 0, max: 604_800) ?? DefaultStatementTimeoutSeconds;
        var requestTimeout = connection.GetInt("requestTimeoutSeconds", min: 1, max: 3_600) ?? DefaultRequestTimeoutSeconds;
        var maxRetries = connection.GetInt("maxRetries", min: 0, max: 20) ?? DefaultMaxRetries;
        var includeTransient = connection.GetBool("includeTransientTables") ?? false;
        var includeStreams = connection.GetBool("includeStreams") ?? false;
        _ = connection.GetBool("clientSessionKeepAlive");
        var queryTag = connection.GetString("queryTag");

        if (connection.Problems.Count > before || account is null || username is null || warehouse is null || method is null || apiBase is null)
        {
            return null;
        }

        return new SnowflakeOptions
        {
            Account = account,
            Username = username,
            Warehouse = warehouse,
            Role = role,
            Database = database,
            QueryTag = string.IsNullOrWhiteSpace(queryTag) ? null : queryTag,
            AuthMethod = method.Value,
            Secret = secret!,
            PrivateKeyPassphrase = passphrase,
            PasswordIgnored = passwordIgnored,
            IncludeTransientTables = includeTransient,
            IncludeStreams = includeStreams,
            ApiBase = apiBase,
            StatementTimeoutSeconds = statementTimeout,
            RequestTimeout = TimeSpan.FromSeconds(requestTimeout),
            MaxRetries = maxRetries,
        };
    }

    /// <summary>The credential the requests carry; the caller disposes it.</summary>
    public SnowflakeCredential CreateCredential()
    {
        switch (AuthMethod)
        {
            case SnowflakeAuthMethod.KeyPair:
                var key = SnowflakePrivateKey.Load(Secret, PrivateKeyPassphrase, out var problem)
                    ?? throw new ConfigException("source.serviceConnection.config", [new ConfigProblem("source.serviceConnection.config.privateKey", problem!)]);
                return new KeyPairCredential(Account, Username, key);
            case SnowflakeAuthMethod.OAuth:
                return new TokenCredential(SnowflakeCredential.OAuthType, "oauthToken", Secret);
            default:
                return new TokenCredential(SnowflakeCredential.ProgrammaticAccessTokenType, "programmaticAccessToken", Secret);
        }
    }

    private static SnowflakeAccount? ReadAccount(ConfigSection connection)
    {
        var text = connection.GetString("account", required: true);
        if (text is null)
        {
            return null;
        }

        var account = SnowflakeAccount.Parse(text, out var problem);
        if (account is null)
        {
            connection.Error("account", problem!);
        }

        return account;
    }

    private static string? ReadIdentifier(ConfigSection connection, string key, bool required)
    {
        var text = connection.GetString(key, required);
        if (text is null || (!required && text.Trim().Length == 0))
        {
            return null;
        }

        var name = SnowflakeIdentifier.Resolve(text, out var problem);
        if (name is null)
        {
            connection.Error(key, problem!);
        }

        return name;
    }

    private static (SnowflakeAuthMethod? Method, string? Secret, string? Passphrase, bool PasswordIgnored) ReadAuthentication(ConfigSection connection)
    {
        var privateKey = NonEmpty(connection.GetString("privateKey"));
        var passphrase = NonEmpty(connection.GetString("snowflakePrivatekeyPassphrase"));
        var oauth = NonEmpty(connection.GetString("oauthToken"));
        var pat = NonEmpty(connection.GetString("programmaticAccessToken"));
        var password = NonEmpty(connection.GetString("password"));
        var given = new List<(SnowflakeAuthMethod Method, string Key, string Secret)>();
        if (privateKey is not null)
        {
            given.Add((SnowflakeAuthMethod.KeyPair, "privateKey", privateKey));
        }

        if (oauth is not null)
        {
            given.Add((SnowflakeAuthMethod.OAuth, "oauthToken", oauth));
        }

        if (pat is not null)
        {
            given.Add((SnowflakeAuthMethod.ProgrammaticAccessToken, "programmaticAccessToken", pat));
        }

        if (given.Count == 0)
        {
            if (password is not null)
            {
                connection.Error("password", PasswordRefusal);
            }
            else
            {
                connection.Error("privateKey", "required: set one of privateKey (key-pair authentication), oauthToken or programmaticAccessToken");
            }

            return (null, null, null, false);
        }

        if (given.Count > 1)
        {
            connection.Error(given[1].Key, $"set only one of {string.Join(", ", given.Select(g => g.Key))}; each is a complete way to authenticate");
            return (null, null, null, false);
        }

        var (method, key, secret) = given[0];
        if (method == SnowflakeAuthMethod.KeyPair)
        {
            using var loaded = SnowflakePrivateKey.Load(secret, passphrase, out var problem);
            if (loaded is null)
            {
                connection.Error(key, problem!);
                return (null, null, null, false);
            }
        }

        return (method, secret, passphrase, password is not null);
    }

    private static Uri? ReadApiBase(ConfigSection connection, SnowflakeAccount? account)
    {
        var text = connection.GetString("apiBaseUrl")?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return account?.DefaultApiBase;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query))
        {
            connection.Error("apiBaseUrl", $"must be an http(s) URL without a query, such as https://myorg-myaccount.privatelink.snowflakecomputing.com, not '{text}'; or remove it to use the account's host");
            return null;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
