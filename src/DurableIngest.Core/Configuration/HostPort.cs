using System.Globalization;

namespace DurableIngest.Configuration;

/// <summary>
/// OpenMetadata's <c>hostPort</c>: <c>host</c>, <c>host:port</c> or <c>[ipv6]:port</c>. A missing port is the
/// connector's default; a bad one is reported on the section with the value and an example.
/// </summary>
public static class HostPort
{
    /// <summary>
    /// The values <see cref="Read"/> accepts, for the schema: a host, or a bracketed IPv6 address, with an optional ':'
    /// and port from 1 to 65535 (after the last ':'; leading zeros allowed).
    /// </summary>
    public const string Shape =
        @"^\s*(\[[^\]]*|\[[^\]]+\](:" + Port + @"|[^:].*)?|[^\[\s].*:" + Port + @"|[^\[:\s][^:]*)\s*$";

    private const string Port = "0*(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})";

    /// <summary>Reads the required <c>hostPort</c> key; on a problem, reports it and returns what could be read.</summary>
    public static (string Host, int Port) Read(ConfigSection connection, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var hostPort = connection.GetString("hostPort", required: true, shape: Shape)?.Trim();
        if (string.IsNullOrEmpty(hostPort))
        {
            return (string.Empty, defaultPort);
        }

        string host;
        string? portText;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? hostPort : hostPort[1..close];
            portText = close >= 0 && close + 1 < hostPort.Length && hostPort[close + 1] == ':' ? hostPort[(close + 2)..] : null;
        }
        else
        {
            var colon = hostPort.LastIndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
            portText = colon < 0 ? null : hostPort[(colon + 1)..];
        }

        if (host.Length == 0)
        {
            connection.Error("hostPort", $"must be host:port such as localhost:{defaultPort}, not '{hostPort}'");
            return (string.Empty, defaultPort);
        }

        if (portText is null)
        {
            return (host, defaultPort);
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65_535)
        {
            connection.Error("hostPort", $"port must be a number from 1 to 65535, not '{portText}' (in '{hostPort}')");
            return (host, defaultPort);
        }

        return (host, port);
    }
}
