namespace DurableIngest.Secrets;

/// <summary>
/// The secret parts of a connection-string-like value: <c>AccountKey</c>, <c>Password</c>, <c>SharedAccessSignature</c>
/// and the like of a <c>Name=value;...</c> string, the password of a <c>scheme://user:password@host</c> URI, and the
/// <c>sig</c> of a shared access signature. A client that fails often quotes one part, not the whole string.
/// </summary>
public static class ConnectionStringSecrets
{
    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "AccountKey", "Password", "Pwd", "SharedAccessSignature", "SharedAccessKey", "AccessKey", "Key", "Sig",
    };

    /// <summary>The secret parts of <paramref name="value"/>, as written and URL-decoded; empty when it has none.</summary>
    public static IReadOnlyList<string> Find(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = new List<string>();
        foreach (var (name, part) in NameValuePairs(value, ';'))
        {
            if (IsSecretName(name))
            {
                parts.Add(part);
            }
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.IndexOf(':', StringComparison.Ordinal) is var colon and >= 0)
        {
            parts.Add(uri.UserInfo[(colon + 1)..]);
        }

        // A shared access signature is a query string; its signature is the part that grants access.
        foreach (var candidate in parts.ToList().Append(value))
        {
            var query = candidate[(candidate.IndexOf('?', StringComparison.Ordinal) + 1)..];
            parts.AddRange(NameValuePairs(query, '&').Where(p => p.Name.Equals("sig", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value));
        }

        return [.. parts.Concat(parts.Select(Uri.UnescapeDataString)).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static bool IsSecretName(string name)
    {
        var compact = name.Replace(" ", string.Empty, StringComparison.Ordinal);
        return SecretNames.Contains(compact) || SecretScrubber.IsSecretKey(compact);
    }

    private static IEnumerable<(string Name, string Value)> NameValuePairs(string text, char separator)
    {
        foreach (var segment in text.Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return (segment[..equals].Trim(), segment[(equals + 1)..].Trim());
            }
        }
    }
}
