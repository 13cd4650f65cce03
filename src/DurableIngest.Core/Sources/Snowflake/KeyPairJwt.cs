using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The JWT of Snowflake key-pair authentication: RS256, <c>iss</c> = <c>ACCOUNT.USER.SHA256:fingerprint</c>,
/// <c>sub</c> = <c>ACCOUNT.USER</c> (account and user in upper case), <c>iat</c> now and a short <c>exp</c>
/// (Snowflake accepts at most one hour).
/// </summary>
public static class KeyPairJwt
{
    /// <summary>How long a token is valid: short, as Snowflake's own connectors keep theirs; a new one is made before it runs out.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");

    public static string Issuer(SnowflakeAccount account, string user, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(account);
        return $"{Subject(account, user)}.{fingerprint}";
    }

    public static string Subject(SnowflakeAccount account, string user)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(user);
        return $"{account.JwtAccount}.{user.ToUpperInvariant()}";
    }

    /// <summary>A signed token issued at <paramref name="now"/>, valid for <see cref="Lifetime"/>.</summary>
    public static string Create(SnowflakeAccount account, string user, SnowflakePrivateKey key, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(key);
        var issuedAt = now.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new JwtClaims(Issuer(account, user, key.Fingerprint), Subject(account, user), issuedAt, issuedAt + (long)Lifetime.TotalSeconds),
            SnowflakeJsonContext.Default.JwtClaims);
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload);
        var signature = key.Rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }
}
