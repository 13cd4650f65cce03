namespace DurableIngest.Sources.Snowflake;

/// <summary>A token obtained elsewhere and sent as it is: an OAuth access token or a programmatic access token.</summary>
public sealed class TokenCredential : SnowflakeCredential
{
    private readonly string _token;

    public TokenCredential(string tokenType, string setting, string token)
    {
        ArgumentNullException.ThrowIfNull(tokenType);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(token);
        TokenType = tokenType;
        Setting = setting;
        _token = token;
    }

    public override string TokenType { get; }

    public override string Setting { get; }

    public override string GetToken(DateTimeOffset now) => _token;
}
