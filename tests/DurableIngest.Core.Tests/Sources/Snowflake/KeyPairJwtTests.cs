using System.Security.Cryptography;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Testing;
using DurableIngest.Testing.SnowflakeStandIn;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class KeyPairJwtTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Fact]
    public async Task Create_RegisteredKey_HasTheDocumentedClaimsAndASignatureThePublicKeyVerifies()
    {
        using var keys = new SnowflakeKeyPair();
        using var key = SnowflakePrivateKey.Load(keys.PrivateKeyPem, null, out _)!;
        var account = SnowflakeAccount.Parse("myorg-account1", out _)!;
        using var publicKey = keys.PublicKey;
        var verifier = new KeyPairJwtVerifier("MYORG-ACCOUNT1", "INGEST", publicKey, new FakeTimeProvider(Now));

        var token = KeyPairJwt.Create(account, "ingest", key, Now);

        Assert.Null(await verifier.RejectAsync(token));
        var payload = KeyPairJwtVerifier.Payload(token);
        Assert.Equal($"MYORG-ACCOUNT1.INGEST.{verifier.Fingerprint}", payload.GetProperty("iss").GetString());
        Assert.Equal("MYORG-ACCOUNT1.INGEST", payload.GetProperty("sub").GetString());
        Assert.Equal(Now.ToUnixTimeSeconds(), payload.GetProperty("iat").GetInt64());
        Assert.Equal(Now.ToUnixTimeSeconds() + 300, payload.GetProperty("exp").GetInt64());
        Assert.Equal("""{"alg":"RS256","typ":"JWT"}""", System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])));
    }

    [Fact]
    public void Fingerprint_AnyKey_IsSha256OfThePublicKeyDerInBase64()
    {
        using var keys = new SnowflakeKeyPair();
        using var key = SnowflakePrivateKey.Load(keys.PrivateKeyPem, null, out _)!;

        var expected = "SHA256:" + Convert.ToBase64String(SHA256.HashData(keys.Rsa.ExportSubjectPublicKeyInfo()));

        Assert.Equal(expected, key.Fingerprint);
        Assert.Equal(51, key.Fingerprint.Length);
    }

    [Fact]
    public void Create_LegacyLocatorWithRegion_NamesTheLocatorAloneInUpperCase()
    {
        using var keys = new SnowflakeKeyPair();
        using var key = SnowflakePrivateKey.Load(keys.PrivateKeyPem, null, out _)!;

        var payload = KeyPairJwtVerifier.Payload(KeyPairJwt.Create(SnowflakeAccount.Parse("xy12345.us-east-2.aws", out _)!, "Jane.Doe", key, Now));

        Assert.Equal("XY12345.JANE.DOE", payload.GetProperty("sub").GetString());
        Assert.StartsWith("XY12345.JANE.DOE.SHA256:", payload.GetProperty("iss").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_EncryptedKeyWithItsPassphrase_SignsTokensTheRegisteredKeyVerifies()
    {
        using var keys = new SnowflakeKeyPair();
        using var publicKey = keys.PublicKey;
        var verifier = new KeyPairJwtVerifier("MYORG-ACCOUNT1", "INGEST", publicKey, new FakeTimeProvider(Now));

        using var key = SnowflakePrivateKey.Load(keys.EncryptedPrivateKeyPem, SnowflakeKeyPair.Passphrase, out var problem);

        Assert.Null(problem);
        Assert.Null(await verifier.RejectAsync(KeyPairJwt.Create(SnowflakeAccount.Parse("myorg-account1", out _)!, "INGEST", key!, Now)));
    }

    [Fact]
    public void Load_KeyOnOneLineWithLiteralNewlines_IsRead()
    {
        using var keys = new SnowflakeKeyPair();

        using var key = SnowflakePrivateKey.Load(keys.PrivateKeyPem.Trim().Replace("\n", "\\n", StringComparison.Ordinal), null, out var problem);

        Assert.Null(problem);
        Assert.Equal(SnowflakePrivateKey.FingerprintOf(keys.Rsa), key!.Fingerprint);
    }

    [Fact]
    public void GetToken_KeyPairCredential_RenewsOnlyAfterHalfTheLifetime()
    {
        using var keys = new SnowflakeKeyPair();
        using var credential = new KeyPairCredential(SnowflakeAccount.Parse("myorg-account1", out _)!, "ingest", SnowflakePrivateKey.Load(keys.PrivateKeyPem, null, out _)!);

        var first = credential.GetToken(Now);
        var same = credential.GetToken(Now + TimeSpan.FromMinutes(2));
        var renewed = credential.GetToken(Now + TimeSpan.FromMinutes(3));

        Assert.Equal(SnowflakeCredential.KeyPairJwtType, credential.TokenType);
        Assert.Equal(first, same);
        Assert.NotEqual(first, renewed);
        Assert.Equal((Now + TimeSpan.FromMinutes(3)).ToUnixTimeSeconds(), KeyPairJwtVerifier.Payload(renewed).GetProperty("iat").GetInt64());
    }
}
