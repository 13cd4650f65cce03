using System.Security.Cryptography;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// An RSA 2048 key pair as Snowflake's key-pair guide has users make one: the private key as PEM PKCS#8
/// (<c>rsa_key.p8</c>), plain or encrypted with a passphrase, and the public key to register for the user.
/// </summary>
public sealed class SnowflakeKeyPair : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    public SnowflakeKeyPair() => Rsa = RSA.Create(2048);

    public RSA Rsa { get; }

    /// <summary>-----BEGIN PRIVATE KEY-----</summary>
    public string PrivateKeyPem => Rsa.ExportPkcs8PrivateKeyPem();

    /// <summary>-----BEGIN ENCRYPTED PRIVATE KEY----- (PBES2, AES-256-CBC, PBKDF2-SHA256), opened with <see cref="Passphrase"/>.</summary>
    public string EncryptedPrivateKeyPem =>
        Rsa.ExportEncryptedPkcs8PrivateKeyPem(Passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));

    /// <summary>The public key alone (what ALTER USER ... SET RSA_PUBLIC_KEY registers).</summary>
    public RSA PublicKey
    {
        get
        {
            var key = RSA.Create();
            key.ImportSubjectPublicKeyInfo(Rsa.ExportSubjectPublicKeyInfo(), out _);
            return key;
        }
    }

    public void Dispose() => Rsa.Dispose();
}
