namespace DurableIngest.Sources.Snowflake;

/// <summary>The ways the SQL API authenticates (it has no password authentication).</summary>
public enum SnowflakeAuthMethod
{
    /// <summary><c>privateKey</c> (and <c>snowflakePrivatekeyPassphrase</c>): a key-pair JWT.</summary>
    KeyPair,

    /// <summary><c>oauthToken</c>: an OAuth access token.</summary>
    OAuth,

    /// <summary><c>programmaticAccessToken</c>: a programmatic access token.</summary>
    ProgrammaticAccessToken,
}
