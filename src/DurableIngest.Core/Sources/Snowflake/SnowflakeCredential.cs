namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// How the SQL API requests authenticate: a bearer token and the <c>X-Snowflake-Authorization-Token-Type</c> naming it
/// (<c>KEYPAIR_JWT</c>, <c>OAUTH</c> or <c>PROGRAMMATIC_ACCESS_TOKEN</c>). Never part of a message or a log line.
/// </summary>
public abstract class SnowflakeCredential : IDisposable
{
    public const string KeyPairJwtType = "KEYPAIR_JWT";
    public const string OAuthType = "OAUTH";
    public const string ProgrammaticAccessTokenType = "PROGRAMMATIC_ACCESS_TOKEN";

    /// <summary>The header value naming the token type.</summary>
    public abstract string TokenType { get; }

    /// <summary>The setting a refused token comes from, for messages (never its value).</summary>
    public abstract string Setting { get; }

    /// <summary>The token to send at <paramref name="now"/>.</summary>
    public abstract string GetToken(DateTimeOffset now);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
