using System.Diagnostics.CodeAnalysis;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// An Azure Storage connection string, reduced to what the Blob service needs: the blob endpoint, the account
/// name and a credential (an account key for Shared Key signing, or a shared access signature). Accepts
/// <c>UseDevelopmentStorage=true</c> (Azurite's well-known account, optionally behind
/// <c>DevelopmentStorageProxyUri</c>) and full strings with <c>DefaultEndpointsProtocol</c>, <c>AccountName</c>,
/// <c>AccountKey</c>, <c>EndpointSuffix</c>, <c>BlobEndpoint</c> and <c>SharedAccessSignature</c>.
/// <see cref="ToString"/> never shows the key or the signature.
/// </summary>
public sealed class BlobConnectionString
{
    /// <summary>Azurite's (and the old storage emulator's) account name.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's published, well-known account key: only good against a local emulator.</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int DevelopmentBlobPort = 10000;
    private const string DefaultEndpointSuffix = "core.windows.net";
    private const string Example = "UseDevelopmentStorage=true, or DefaultEndpointsProtocol=https;AccountName=<name>;AccountKey=<key>;EndpointSuffix=core.windows.net";

    private static readonly string[] KnownKeys =
    [
        "UseDevelopmentStorage", "DevelopmentStorageProxyUri", "DefaultEndpointsProtocol", "AccountName", "AccountKey",
        "EndpointSuffix", "BlobEndpoint", "SharedAccessSignature",
    ];

    private readonly byte[]? _accountKey;

    private BlobConnectionString(Uri blobEndpoint, string? accountName, byte[]? accountKey, string? sharedAccessSignature, bool isDevelopmentStorage)
    {
        BlobEndpoint = blobEndpoint;
        AccountName = accountName;
        _accountKey = accountKey;
        SharedAccessSignature = sharedAccessSignature;
        IsDevelopmentStorage = isDevelopmentStorage;
    }

    /// <summary>The Blob service root (Azurite: <c>http://127.0.0.1:10000/devstoreaccount1</c>); containers go under it.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The storage account; null only for a SAS-only string with an explicit <c>BlobEndpoint</c>.</summary>
    public string? AccountName { get; }

    public bool IsDevelopmentStorage { get; }

    public bool HasAccountKey => _accountKey is not null;

    /// <summary>The SAS query (without a leading '?'), when the string authorizes with one instead of a key.</summary>
    internal string? SharedAccessSignature { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the missing or invalid part.</summary>
    public static BlobConnectionString Parse(string? text) =>
        TryParse(text, out var result, out var error) ? result : throw new FormatException(error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out BlobConnectionString? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"the storage connection string is empty; give {Example}";
            return false;
        }

        if (!TrySplit(text, out var parts, out error))
        {
            return false;
        }

        result = parts.TryGetValue("UseDevelopmentStorage", out var development)
            ? FromDevelopmentStorage(development, parts, out error)
            : FromAccount(parts, out error);
        return result is not null;
    }

    /// <summary>A Shared Key signer for this account, or null when the string carries a SAS instead of a key.</summary>
    internal SharedKeySigner? CreateSigner() =>
        _accountKey is null || AccountName is null ? null : new SharedKeySigner(AccountName, _accountKey);

    public override string ToString()
    {
        var credential = _accountKey is not null ? "AccountKey=(hidden)" : "SharedAccessSignature=(hidden)";
        return IsDevelopmentStorage
            ? $"UseDevelopmentStorage=true;BlobEndpoint={BlobEndpoint}"
            : $"BlobEndpoint={BlobEndpoint};AccountName={AccountName};{credential}";
    }

    private static bool TrySplit(string text, out Dictionary<string, string> parts, [NotNullWhen(false)] out string? error)
    {
        parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var segments = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < segments.Length; i++)
        {
            var equals = segments[i].IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                // The segment itself is not echoed: it may be a fragment of a key.
                error = $"part {i + 1} of the storage connection string is not Name=value; separate settings with ';' ({Example})";
                return false;
            }

            var name = segments[i][..equals].Trim();
            var canonical = KnownKeys.FirstOrDefault(k => k.Equals(name, StringComparison.OrdinalIgnoreCase)) ?? name;
            if (!parts.TryAdd(canonical, segments[i][(equals + 1)..].Trim()))
            {
                error = $"{canonical} appears twice in the storage connection string; keep one";
                return false;
            }
        }

        error = null;
        return true;
    }

    private static BlobConnectionString? FromDevelopmentStorage(string flag, Dictionary<string, string> parts, out string? error)
    {
        if (!flag.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            error = $"UseDevelopmentStorage must be 'true', not '{flag}'; remove it to use a storage account";
            return null;
        }

        var host = new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", DevelopmentBlobPort);
        if (parts.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            if (!TryHttpUri(proxy, out var proxyUri))
            {
                error = $"DevelopmentStorageProxyUri must be an absolute http or https URI, not '{proxy}'";
                return null;
            }

            host = new UriBuilder(proxyUri.Scheme, proxyUri.Host, DevelopmentBlobPort);
        }

        host.Path = "/" + DevelopmentAccountName;
        error = null;
        return new BlobConnectionString(host.Uri, DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), null, isDevelopmentStorage: true);
    }

    private static BlobConnectionString? FromAccount(Dictionary<string, string> parts, out string? error)
    {
        var accountName = parts.GetValueOrDefault("AccountName");
        var sas = parts.GetValueOrDefault("SharedAccessSignature")?.TrimStart('?');
        byte[]? key = null;
        if (parts.TryGetValue("AccountKey", out var keyText))
        {
            key = new byte[keyText.Length];
            if (keyText.Length == 0 || !Convert.TryFromBase64String(keyText, key, out var written))
            {
                error = "AccountKey is not valid base64; copy key1 or key2 from the storage account's 'Access keys' page";
                return null;
            }

            key = key[..written];
        }
        else if (string.IsNullOrEmpty(sas))
        {
            error = $"AccountKey (or SharedAccessSignature) is missing from the storage connection string; give {Example}";
            return null;
        }

        if (string.IsNullOrEmpty(accountName) && (key is not null || !parts.ContainsKey("BlobEndpoint")))
        {
            error = $"AccountName is missing from the storage connection string; give {Example}";
            return null;
        }

        Uri endpoint;
        if (parts.TryGetValue("BlobEndpoint", out var blobEndpoint))
        {
            if (!TryHttpUri(blobEndpoint, out endpoint!))
            {
                error = $"BlobEndpoint must be an absolute http or https URI, not '{blobEndpoint}'";
                return null;
            }
        }
        else
        {
            var protocol = parts.GetValueOrDefault("DefaultEndpointsProtocol", Uri.UriSchemeHttps).ToLowerInvariant();
            if (protocol is not ("http" or "https"))
            {
                error = $"DefaultEndpointsProtocol must be 'https' or 'http', not '{protocol}'";
                return null;
            }

            var suffix = parts.GetValueOrDefault("EndpointSuffix", DefaultEndpointSuffix).Trim('.');
            if (!Uri.TryCreate($"{protocol}://{accountName}.blob.{suffix}", UriKind.Absolute, out endpoint!))
            {
                error = $"AccountName '{accountName}' and EndpointSuffix '{suffix}' do not make a valid host name";
                return null;
            }
        }

        error = null;
        return new BlobConnectionString(TrimTrailingSlash(endpoint), string.IsNullOrEmpty(accountName) ? null : accountName, key, string.IsNullOrEmpty(sas) ? null : sas, isDevelopmentStorage: false);
    }

    private static bool TryHttpUri(string text, out Uri uri) =>
        Uri.TryCreate(text, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && string.IsNullOrEmpty(uri.Query);

    private static Uri TrimTrailingSlash(Uri uri) =>
        new UriBuilder(uri) { Path = uri.AbsolutePath.TrimEnd('/') }.Uri;
}
