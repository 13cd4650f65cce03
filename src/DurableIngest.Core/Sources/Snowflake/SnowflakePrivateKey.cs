using System.Security.Cryptography;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// The RSA private key of key-pair authentication, from a PEM PKCS#8 text (<c>BEGIN PRIVATE KEY</c>, or
/// <c>BEGIN ENCRYPTED PRIVATE KEY</c> decrypted with the passphrase), and its public key's fingerprint as Snowflake
/// shows it in <c>RSA_PUBLIC_KEY_FP</c>: <c>SHA256:</c> and the Base64 SHA-256 of the public key's DER
/// (SubjectPublicKeyInfo). A key pasted on one line with literal <c>\n</c> (as OpenMetadata's UI asks) is accepted.
/// Messages never quote the key or the passphrase.
/// </summary>
public sealed class SnowflakePrivateKey : IDisposable
{
    private const string Encrypted = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private const string Plain = "-----BEGIN PRIVATE KEY-----";
    private const string Pkcs1 = "-----BEGIN RSA PRIVATE KEY-----";

    private SnowflakePrivateKey(RSA rsa)
    {
        Rsa = rsa;
        Fingerprint = FingerprintOf(rsa);
    }

    public RSA Rsa { get; }

    /// <summary><c>SHA256:</c> + Base64 of the SHA-256 of the public key's DER.</summary>
    public string Fingerprint { get; }

    /// <summary>The fingerprint Snowflake computes for a key: <c>SHA256:</c> + Base64(SHA-256(SubjectPublicKeyInfo DER)).</summary>
    public static string FingerprintOf(RSA key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>Loads the key; on failure returns null and a <paramref name="problem"/> naming the setting to fix.</summary>
    public static SnowflakePrivateKey? Load(string pem, string? passphrase, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        problem = null;
        var text = pem.Trim();
        if (!text.Contains('\n', StringComparison.Ordinal) && text.Contains("\\n", StringComparison.Ordinal))
        {
            text = text.Replace("\\n", "\n", StringComparison.Ordinal);
        }

        var encrypted = text.Contains(Encrypted, StringComparison.Ordinal);
        if (!encrypted && !text.Contains(Plain, StringComparison.Ordinal))
        {
            problem = text.Contains(Pkcs1, StringComparison.Ordinal)
                ? "is a PKCS#1 key (BEGIN RSA PRIVATE KEY); convert it to PKCS#8 as Snowflake's key-pair guide does (openssl pkcs8 -topk8 -inform PEM -in key.pem -out rsa_key.p8) and give that"
                : "is not a PEM PKCS#8 private key; give the text of rsa_key.p8, from -----BEGIN PRIVATE KEY----- (or -----BEGIN ENCRYPTED PRIVATE KEY-----) to its END line";
            return null;
        }

        if (encrypted && string.IsNullOrEmpty(passphrase))
        {
            problem = "is encrypted (BEGIN ENCRYPTED PRIVATE KEY); set snowflakePrivatekeyPassphrase to its passphrase";
            return null;
        }

        var rsa = RSA.Create();
        try
        {
            if (encrypted)
            {
                rsa.ImportFromEncryptedPem(text, passphrase);
            }
            else
            {
                rsa.ImportFromPem(text);
            }

            return new SnowflakePrivateKey(rsa);
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            problem = encrypted
                ? "could not be decrypted with snowflakePrivatekeyPassphrase, or is not an RSA key; check the passphrase (Snowflake key-pair authentication uses RSA keys)"
                : "could not be read as an RSA private key (Snowflake key-pair authentication uses RSA keys); check that the whole PEM text is there";
            return null;
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            problem = "holds no complete PEM block; give the whole text from the BEGIN line to the END line";
            return null;
        }
    }

    public void Dispose() => Rsa.Dispose();
}
