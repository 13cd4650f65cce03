using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Builds the pooled <see cref="MySqlDataSource"/> of a source: the connection string from the options, and for
/// certificates given as PEM text (MySqlConnector reads only files) the callbacks that present the client
/// certificate and check the server's against the given CA.
/// </summary>
public static class MySqlDataSources
{
    public const string ApplicationName = "durable-ingest";

    /// <summary>Seconds the client waits for a connection, at most (MySqlConnector's own ceiling is far above).</summary>
    private const int MaxConnectTimeoutSeconds = 3_600;

    public static string ConnectionString(MySqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new MySqlConnectionStringBuilder
        {
            Server = options.Host,
            Port = (uint)options.Port,
            UserID = options.Username,
            SslMode = options.SslMode,
            ApplicationName = ApplicationName,
            Pooling = true,
            ConnectionTimeout = (uint)Math.Min(options.ConnectTimeoutSeconds, MaxConnectTimeoutSeconds),

            // MySqlConnector cancels a command still running after this long with KILL QUERY: the statement timeout.
            DefaultCommandTimeout = (uint)options.StatementTimeoutSeconds,
        };
        if (options.Password is not null)
        {
            builder.Password = options.Password;
        }

        if (options.CaCertificate?.Path is { } caPath)
        {
            builder.SslCa = caPath;
        }

        // A certificate or key given as PEM text is presented by Create's callback, with its partner.
        if (options.ClientCertificate?.Path is { } certificatePath && options.ClientKey?.Path is { } keyPath)
        {
            builder.SslCert = certificatePath;
            builder.SslKey = keyPath;
        }

        foreach (var (keyword, value) in options.ConnectionOptions)
        {
            builder[keyword] = value;
        }

        return builder.ConnectionString;
    }

    public static MySqlDataSource Create(MySqlOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new MySqlDataSourceBuilder(ConnectionString(options));
        if (options.ClientCertificate?.Pem is { } certificatePem && options.ClientKey is { } key)
        {
            var keyPem = key.Pem ?? File.ReadAllText(key.Path!);
            builder.UseClientCertificatesCallback(certificates =>
            {
                certificates.Add(X509Certificate2.CreateFromPem(certificatePem, keyPem));
                return ValueTask.CompletedTask;
            });
        }
        else if (options.ClientKey?.Pem is { } pemKey && options.ClientCertificate?.Path is { } certificatePath)
        {
            builder.UseClientCertificatesCallback(certificates =>
            {
                certificates.Add(X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath), pemKey));
                return ValueTask.CompletedTask;
            });
        }

        if (options.CaCertificate?.Pem is { } caPem && options.SslMode is MySqlSslMode.VerifyCA or MySqlSslMode.VerifyFull)
        {
            var verifyName = options.SslMode == MySqlSslMode.VerifyFull;
            builder.UseRemoteCertificateValidationCallback((_, certificate, _, errors) => IsSignedBy(certificate, caPem, verifyName, errors));
        }

        return builder.Build();
    }

    /// <summary>True when <paramref name="certificate"/> chains to the CA in <paramref name="caPem"/> (and, with <paramref name="verifyName"/>, names the host).</summary>
    internal static bool IsSignedBy(X509Certificate? certificate, string caPem, bool verifyName, SslPolicyErrors errors)
    {
        if (certificate is null || (verifyName && errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)))
        {
            return false;
        }

        using var ca = X509Certificate2.CreateFromPem(caPem);
        using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(server);
    }
}
