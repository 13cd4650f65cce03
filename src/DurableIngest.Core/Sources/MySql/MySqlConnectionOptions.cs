using DurableIngest.Configuration;
using MySqlConnector;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// <c>connectionOptions</c> and <c>connectionArguments</c>: OpenMetadata hands them to PyMySQL (URL query and
/// <c>connect()</c> arguments), so PyMySQL's names (<c>charset</c>, <c>connect_timeout</c>, <c>ssl_ca</c>, ...) are
/// translated to MySqlConnector's keywords; any other key must be a MySqlConnector connection-string keyword. A
/// relative file path (a certificate, a key, an RSA public key) resolves against the host's <see cref="RelativePathBase"/>.
/// </summary>
internal static class MySqlConnectionOptions
{
    private static readonly Dictionary<string, string> PyMySqlKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["charset"] = "Character Set",
        ["connect_timeout"] = "Connection Timeout",
        ["read_timeout"] = "Default Command Timeout",
        ["ssl_ca"] = "SslCa",
        ["ssl_cert"] = "SslCert",
        ["ssl_key"] = "SslKey",
        ["program_name"] = "Application Name",
        ["server_public_key"] = "ServerRSAPublicKeyFile",
    };

    // The builder's own names of the options whose value is a file (MySqlConnector resolves them against the
    // current directory of whichever process opens the connection).
    private static readonly HashSet<string> FileKeywords = new(
        new MySqlConnectionStringBuilder { SslCa = "f", SslCert = "f", SslKey = "f", CertificateFile = "f", ServerRsaPublicKeyFile = "f" }.Keys.Cast<string>(),
        StringComparer.OrdinalIgnoreCase);

    /// <summary>The section's keys as MySqlConnector keywords (sorted), reporting every key it does not accept.</summary>
    public static IReadOnlyDictionary<string, string> Read(ConfigSection connection, string key, RelativePathBase paths)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(paths);
        var translated = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var section = connection.GetSection(key);
        var values = connection.GetStringMap(key, "must be a single value; for TLS use sslMode and sslConfig (caCertificate, sslCertificate, sslKey) instead of a mapping");
        foreach (var (name, value) in values)
        {
            var keyword = PyMySqlKeywords.GetValueOrDefault(name, name);
            try
            {
                var probe = new MySqlConnectionStringBuilder { [keyword] = value };
                var canonical = probe.Keys.Cast<string>().Single();
                translated[canonical] = FileKeywords.Contains(canonical) && value.Trim().Length > 0 && !value.Contains('\0', StringComparison.Ordinal)
                    ? paths.Resolve(value.Trim())
                    : value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException or InvalidOperationException)
            {
                section.Error(name, $"'{value}' is not a connection option MySqlConnector accepts ({e.Message.Split('\n')[0]}); use a MySqlConnector connection-string keyword or a PyMySQL one ({string.Join(", ", PyMySqlKeywords.Keys)})");
            }
        }

        return translated;
    }
}
