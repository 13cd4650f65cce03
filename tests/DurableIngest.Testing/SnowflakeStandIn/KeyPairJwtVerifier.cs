using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// Checks a key-pair JWT the way Snowflake's documentation describes it, with Microsoft's JWT library rather than the
/// source's own code: RS256, signed by the private key of the user's registered public key; <c>iss</c> =
/// <c>ACCOUNT.USER.SHA256:&lt;Base64 SHA-256 of the public key's DER&gt;</c>; <c>sub</c> = <c>ACCOUNT.USER</c>; issued
/// no later than now and expiring after now, at most an hour after issue. Account and user are compared as given
/// (Snowflake wants them in upper case).
/// </summary>
public sealed class KeyPairJwtVerifier
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(1);

    private readonly JsonWebTokenHandler _handler = new();

    public KeyPairJwtVerifier(string account, string user, RSA publicKey, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Account = account;
        User = user;
        PublicKey = publicKey;
        Time = time;
        Fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo()));
    }

    public string Account { get; }

    public string User { get; }

    public RSA PublicKey { get; }

    public TimeProvider Time { get; }

    /// <summary>What DESCRIBE USER shows as RSA_PUBLIC_KEY_FP for the registered key.</summary>
    public string Fingerprint { get; }

    public string ExpectedIssuer => $"{Account}.{User}.{Fingerprint}";

    public string ExpectedSubject => $"{Account}.{User}";

    /// <summary>Null when the token is valid; otherwise why not.</summary>
    public async Task<string?> RejectAsync(string token)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(PublicKey),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidIssuer = ExpectedIssuer,
            ValidateAudience = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } e && e > now - ClockSkew,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return result.Exception?.GetType().Name ?? "invalid token";
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("sub", out var subject) || subject != ExpectedSubject)
        {
            return $"sub is not {ExpectedSubject}";
        }

        if (!jwt.TryGetPayloadValue<long>("iat", out var issuedAt) || !jwt.TryGetPayloadValue<long>("exp", out var expires))
        {
            return "iat and exp are required";
        }

        if (DateTimeOffset.FromUnixTimeSeconds(issuedAt) > Time.GetUtcNow() + ClockSkew)
        {
            return "iat is in the future";
        }

        return expires - issuedAt > MaxLifetime.TotalSeconds ? "exp is more than an hour after iat" : null;
    }

    /// <summary>The decoded payload of a token (for tests that look at the claims).</summary>
    public static JsonElement Payload(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var jwt = new JsonWebToken(token);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedPayload)).RootElement.Clone();
    }
}
