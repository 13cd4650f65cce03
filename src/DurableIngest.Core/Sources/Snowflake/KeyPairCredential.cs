namespace DurableIngest.Sources.Snowflake;

/// <summary>Key-pair authentication: a fresh <see cref="KeyPairJwt"/> whenever the last one has used half its lifetime.</summary>
public sealed class KeyPairCredential : SnowflakeCredential
{
    private readonly SnowflakeAccount _account;
    private readonly string _user;
    private readonly SnowflakePrivateKey _key;
    private readonly Lock _lock = new();
    private string? _token;
    private DateTimeOffset _renewAt;

    public KeyPairCredential(SnowflakeAccount account, string user, SnowflakePrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(key);
        _account = account;
        _user = user;
        _key = key;
    }

    public override string TokenType => KeyPairJwtType;

    public override string Setting => "privateKey";

    public override string GetToken(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_token is null || now >= _renewAt || now < _renewAt - KeyPairJwt.Lifetime)
            {
                _token = KeyPairJwt.Create(_account, _user, _key, now);
                _renewAt = now + (KeyPairJwt.Lifetime / 2);
            }

            return _token;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _key.Dispose();
        }

        base.Dispose(disposing);
    }
}
