using System.Net;
using DurableIngest.Configuration;
using Microsoft.AspNetCore.Http;

namespace DurableIngest.Cli.Hosting;

/// <summary>The <c>--urls</c> value as Kestrel reads it, and whether an address is reachable from this machine only.</summary>
internal static class ListenAddresses
{
    /// <summary>Each ';'-separated address; a malformed one is a problem, not an address.</summary>
    public static IReadOnlyList<BindingAddress> Parse(string urls, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var addresses = new List<BindingAddress>();
        foreach (var url in (urls ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                var address = BindingAddress.Parse(url);
                if (address.Scheme is not ("http" or "https"))
                {
                    problems.Add(new ConfigProblem("--urls", $"'{url}' must start with http:// (or https:// with a configured certificate)"));
                    continue;
                }

                addresses.Add(address);
            }
            catch (FormatException e)
            {
                problems.Add(new ConfigProblem("--urls", $"'{url}' is not an address to listen on ({e.Message}); e.g. {ServeOptions.DefaultUrls}"));
            }
        }

        if (addresses.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ConfigProblem("--urls", $"no address given; e.g. {ServeOptions.DefaultUrls}"));
        }

        return addresses;
    }

    /// <summary>
    /// True for localhost and loopback IPs. Wildcards (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>) and any other
    /// name or address accept connections from other machines.
    /// </summary>
    public static bool IsLoopback(BindingAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var host = address.Host.Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
