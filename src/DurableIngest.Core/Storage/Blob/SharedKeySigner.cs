using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// Shared Key authorization for the Blob service (version 2009-09-19 and later): an HMAC-SHA256, keyed with the
/// account key, of the request's string-to-sign, sent as <c>Authorization: SharedKey &lt;account&gt;:&lt;signature&gt;</c>.
/// The string-to-sign is the verb, twelve standard headers (Content-Length empty when zero, as versions from
/// 2015-02-21 require), the canonicalized <c>x-ms-</c> headers and the canonicalized resource.
/// </summary>
public sealed class SharedKeySigner
{
    private static readonly string[] StandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly byte[] _key;

    public SharedKeySigner(string accountName, ReadOnlySpan<byte> accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        AccountName = accountName;
        _key = accountKey.ToArray();
    }

    public string AccountName { get; }

    /// <summary>Signs a request whose headers (including <c>x-ms-date</c>) are final.</summary>
    public void Authorize(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);
        var stringToSign = BuildStringToSign(request.Method.Method, request.RequestUri, AccountName, ReadHeaders(request));
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKey {AccountName}:{ComputeSignature(stringToSign)}");
    }

    /// <summary>Base64 of HMAC-SHA256(account key, UTF-8 string-to-sign).</summary>
    public string ComputeSignature(string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        return Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    /// <summary>The exact text Shared Key signs for a request with these headers (names compared case-insensitively).</summary>
    public static string BuildStringToSign(string method, Uri uri, string accountName, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        var byName = headers
            .GroupBy(h => h.Key.Trim(), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key.ToLowerInvariant(), g => string.Join(',', g.Select(h => h.Value)), StringComparer.Ordinal);

        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        foreach (var name in StandardHeaders)
        {
            var value = byName.GetValueOrDefault(name.ToLowerInvariant(), string.Empty);
            if (name == "Content-Length" && value == "0")
            {
                value = string.Empty;
            }

            builder.Append(value).Append('\n');
        }

        foreach (var (name, value) in byName.Where(h => h.Key.StartsWith("x-ms-", StringComparison.Ordinal)).OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            builder.Append(name).Append(':').Append(CollapseWhitespace(value)).Append('\n');
        }

        AppendCanonicalizedResource(builder, uri, accountName);
        return builder.ToString();
    }

    private static void AppendCanonicalizedResource(StringBuilder builder, Uri uri, string accountName)
    {
        // AbsolutePath is the path exactly as sent (still percent-encoded); with path-style endpoints such as
        // Azurite's it begins with the account name, which therefore appears twice.
        builder.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            builder.Append('\n').Append(name).Append(':').Append(string.Join(',', values));
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> ReadHeaders(HttpRequestMessage request)
    {
        foreach (var header in request.Headers.NonValidated)
        {
            yield return new(header.Key, string.Join(',', header.Value));
        }

        if (request.Content is null)
        {
            yield break;
        }

        foreach (var header in request.Content.Headers.NonValidated)
        {
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                yield return new(header.Key, string.Join(',', header.Value));
            }
        }

        // Content-Length is computed by the content (not stored as a header) until it is sent.
        if (request.Content.Headers.ContentLength is { } length)
        {
            yield return new("Content-Length", length.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static string CollapseWhitespace(string value)
    {
        var builder = new StringBuilder(value.Length);
        var inQuotes = false;
        var pendingSpace = false;
        foreach (var c in value.Trim())
        {
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }

            if (!inQuotes && char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
