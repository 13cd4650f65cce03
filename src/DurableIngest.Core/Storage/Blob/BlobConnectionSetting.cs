using System.Globalization;
using DurableIngest.Configuration;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// A blob connection named the way Azure Functions names connections: the setting <c>&lt;NAME&gt;</c> holds a connection
/// string, or settings under the prefix <c>&lt;NAME&gt;__</c> describe an identity-based connection without any key:
/// <list type="bullet">
/// <item><c>__blobServiceUri</c> (alias <c>__serviceUri</c>): the Blob service URI, https; else <c>__accountName</c>,
/// which means <c>https://&lt;accountName&gt;.blob.core.windows.net</c>;</item>
/// <item><c>__credential</c>: <c>managedidentity</c> for the app's managed identity only; unset for
/// <c>DefaultAzureCredential</c> (a managed identity in Azure, <c>az login</c>, Visual Studio or environment variables on
/// a laptop);</item>
/// <item><c>__clientId</c>: a user-assigned managed identity's client id (the system-assigned identity when unset);
/// <c>__tenantId</c>: the tenant <c>DefaultAzureCredential</c> signs in to.</item>
/// </list>
/// As in Functions, the connection string wins when both forms are set. Problems name the setting and its value (a
/// connection string is never echoed).
/// </summary>
public static class BlobConnectionSetting
{
    public const string AccountNameSuffix = "__accountName";
    public const string BlobServiceUriSuffix = "__blobServiceUri";
    public const string ServiceUriSuffix = "__serviceUri";
    public const string CredentialSuffix = "__credential";
    public const string ClientIdSuffix = "__clientId";
    public const string TenantIdSuffix = "__tenantId";
    public const string ManagedIdentity = "managedidentity";

    private const string AccountUrlExample = "https://<account>.blob.core.windows.net";

    /// <summary>True when <paramref name="name"/> or any of its identity settings is set.</summary>
    public static bool IsConfigured(string name, Func<string, string?> setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(setting);
        return new[] { string.Empty, AccountNameSuffix, BlobServiceUriSuffix, ServiceUriSuffix }
            .Any(suffix => !string.IsNullOrWhiteSpace(setting(name + suffix)));
    }

    /// <summary>
    /// The account the connection <paramref name="name"/> describes, or null with every problem added to
    /// <paramref name="problems"/> (each path a setting name); null without a problem when nothing is set.
    /// </summary>
    public static BlobAccount? Read(string name, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(problems);
        if (setting(name) is { } connectionString && !string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                return BlobAccount.FromConnectionString(connectionString);
            }
            catch (FormatException e)
            {
                problems.Add(new ConfigProblem(name, $"is not a usable storage connection string: {e.Message}"));
                return null;
            }
        }

        if (!IsConfigured(name, setting))
        {
            return null;
        }

        var before = problems.Count;
        var serviceUri = ReadServiceUri(name, setting, problems);
        var credential = ReadCredential(name, setting, problems);
        return problems.Count > before || serviceUri is null || credential is null
            ? null
            : BlobAccount.FromServiceUri(serviceUri, credential.Value.Credential, credential.Value.Kind, credential.Value.Method);
    }

    /// <summary>Checks an account URL given as text (https, no query); null with the reason in <paramref name="error"/>.</summary>
    public static Uri? ParseServiceUri(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.IsFile)
        {
            // Shown without any query: that would most likely be a shared access signature.
            error = $"must be an https URI like {AccountUrlExample}, not '{text.Split('?')[0]}'";
            return null;
        }

        if (uri.Query.Length > 0 || uri.UserInfo.Length > 0)
        {
            var bare = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty, Query = string.Empty, Fragment = string.Empty }.Uri;
            error = $"must be the bare Blob service URI ({bare}) without a query or user info; a SAS belongs in a connection string (SharedAccessSignature=...)";
            return null;
        }

        error = null;
        return uri;
    }

    private static Uri? ReadServiceUri(string name, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        foreach (var suffix in new[] { BlobServiceUriSuffix, ServiceUriSuffix })
        {
            if (setting(name + suffix) is { } text && !string.IsNullOrWhiteSpace(text))
            {
                var uri = ParseServiceUri(text, out var error);
                if (uri is null)
                {
                    problems.Add(new ConfigProblem(name + suffix, error!));
                }

                return uri;
            }
        }

        var account = setting(name + AccountNameSuffix)?.Trim() ?? string.Empty;
        if (account.Length is < 3 or > 24 || !account.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)))
        {
            problems.Add(new ConfigProblem(
                name + AccountNameSuffix,
                $"must be a storage account name (3-24 lower-case letters and digits), not '{account}'; or set {name}{BlobServiceUriSuffix} to the Blob service URI"));
            return null;
        }

        return new Uri(string.Create(CultureInfo.InvariantCulture, $"https://{account}.blob.core.windows.net"));
    }

    private static (Azure.Core.TokenCredential Credential, BlobAuthentication Kind, string Method)? ReadCredential(string name, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        var kind = setting(name + CredentialSuffix)?.Trim();
        var clientId = setting(name + ClientIdSuffix)?.Trim();
        var tenantId = setting(name + TenantIdSuffix)?.Trim();
        clientId = string.IsNullOrEmpty(clientId) ? null : clientId;
        if (string.IsNullOrEmpty(kind))
        {
            return (SharedCredentials.Default(clientId, string.IsNullOrEmpty(tenantId) ? null : tenantId), BlobAuthentication.DefaultAzureCredential, "DefaultAzureCredential");
        }

        if (!kind.Equals(ManagedIdentity, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ConfigProblem(
                name + CredentialSuffix,
                $"must be '{ManagedIdentity}' (the app's managed identity), not '{kind}'; remove it to use DefaultAzureCredential (az login on a laptop)"));
            return null;
        }

        var method = clientId is null ? "system-assigned managed identity" : $"managed identity {clientId}";
        return (SharedCredentials.ManagedIdentity(clientId), BlobAuthentication.ManagedIdentity, method);
    }
}
