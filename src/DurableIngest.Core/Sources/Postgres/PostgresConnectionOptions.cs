using DurableIngest.Configuration;
using Npgsql;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// <c>connectionOptions</c>: OpenMetadata passes them to libpq, so libpq's keywords (<c>sslrootcert</c>,
/// <c>connect_timeout</c>, ...) are translated to Npgsql's; any other key must be an Npgsql connection-string keyword.
/// A relative file path (a certificate, a key, a passfile) resolves against the host's <see cref="RelativePathBase"/>:
/// Npgsql would resolve it against the current directory of whichever process opens the connection.
/// </summary>
internal static class PostgresConnectionOptions
{
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sslrootcert"] = "Root Certificate",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["keepalives_idle"] = "Keepalive",
        ["target_session_attrs"] = "Target Session Attributes",
        ["search_path"] = "Search Path",
        ["client_encoding"] = "Client Encoding",
    };

    public static IReadOnlyDictionary<string, string> Read(ConfigSection connection, string key, RelativePathBase paths)
    {
        var raw = connection.GetStringMap(key);
        var translated = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var section = connection.GetSection(key);
        foreach (var (name, value) in raw)
        {
            var keyword = LibpqKeywords.GetValueOrDefault(name, name);
            try
            {
                var probe = new NpgsqlConnectionStringBuilder { [keyword] = value };
                translated[keyword] = IsFilePath(probe) && value.Trim().Length > 0 && !value.Contains('\0', StringComparison.Ordinal) ? paths.Resolve(value) : value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
            {
                section.Error(name, $"is not a connection option Npgsql accepts ({e.Message.Split('\n')[0]}); use an Npgsql connection-string keyword or a libpq one ({string.Join(", ", LibpqKeywords.Keys)})");
            }
        }

        return translated;
    }

    // The probe holds one keyword, so any of these set means that keyword names a file.
    private static bool IsFilePath(NpgsqlConnectionStringBuilder probe) =>
        probe.RootCertificate is not null || probe.SslCertificate is not null || probe.SslKey is not null || probe.Passfile is not null;
}
