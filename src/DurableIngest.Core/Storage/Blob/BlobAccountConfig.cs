using DurableIngest.Configuration;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// The storage account of a workflow's blob run store or blob sink, in the three ways Azure users expect:
/// <c>connectionString</c> (an account key, a SAS, or <c>UseDevelopmentStorage=true</c> for Azurite), or <c>accountUrl</c>
/// (alias <c>blobServiceUri</c>) with <c>DefaultAzureCredential</c> (a managed identity in Azure, <c>az login</c> on a
/// laptop), or neither: then the <c>AzureWebJobsStorage</c> connection, as a connection string or identity-based
/// (<c>AzureWebJobsStorage__accountName</c>..., see <see cref="BlobConnectionSetting"/>). Every problem is reported to
/// the section at once; a connection string is never echoed.
/// </summary>
public static class BlobAccountConfig
{
    /// <summary>The connection used when the section names no account, as Azure Functions hosts name it.</summary>
    public const string DefaultConnectionSetting = "AzureWebJobsStorage";

    public const string ConnectionStringKey = "connectionString";
    public const string AccountUrlKey = "accountUrl";
    public const string BlobServiceUriKey = "blobServiceUri";

    /// <summary>The section's keys this reader owns.</summary>
    public static IReadOnlyList<string> Keys { get; } = [ConnectionStringKey, AccountUrlKey, BlobServiceUriKey];

    /// <summary>Reads the account; null (with problems reported to <paramref name="section"/>) when there is none or it is unusable.</summary>
    public static BlobAccount? Read(ConfigSection section, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(environment);
        if (section.Recording)
        {
            // Which key is read depends on which are given: the schema lists them all.
            foreach (var key in Keys)
            {
                _ = section.GetString(key);
            }
        }

        var urlKey = section.Has(AccountUrlKey) ? AccountUrlKey : BlobServiceUriKey;
        if (section.Has(AccountUrlKey) && section.Has(BlobServiceUriKey))
        {
            section.Error(BlobServiceUriKey, $"is another name for {AccountUrlKey}; give one of them");
        }

        if (section.Has(ConnectionStringKey) && section.Has(urlKey))
        {
            section.Error(urlKey, $"and {ConnectionStringKey} are two ways to name the account; give one (with {urlKey} the identity is DefaultAzureCredential's)");
            return null;
        }

        if (section.Has(urlKey))
        {
            return FromAccountUrl(section, urlKey);
        }

        if (section.GetString(ConnectionStringKey) is { } text && !string.IsNullOrWhiteSpace(text))
        {
            try
            {
                return BlobAccount.FromConnectionString(text);
            }
            catch (FormatException e)
            {
                section.Error(ConnectionStringKey, $"is not a usable storage connection string: {e.Message}");
                return null;
            }
        }

        return FromDefaultSetting(section, environment);
    }

    private static BlobAccount? FromAccountUrl(ConfigSection section, string key)
    {
        var text = section.GetString(key, required: true);
        if (text is null)
        {
            return null;
        }

        var uri = BlobConnectionSetting.ParseServiceUri(text, out var error);
        if (uri is null)
        {
            section.Error(key, error!);
            return null;
        }

        return BlobAccount.FromAccountUrl(uri);
    }

    private static BlobAccount? FromDefaultSetting(ConfigSection section, Func<string, string?> environment)
    {
        var problems = new List<ConfigProblem>();
        var account = BlobConnectionSetting.Read(DefaultConnectionSetting, environment, problems);
        foreach (var problem in problems)
        {
            section.Error(ConnectionStringKey, $"not set, and the {DefaultConnectionSetting} connection it defaults to is unusable: {problem.Path} {problem.Message}");
        }

        if (account is null && problems.Count == 0)
        {
            section.Error(
                ConnectionStringKey,
                $"required: set {ConnectionStringKey} (for Azurite: UseDevelopmentStorage=true) or {AccountUrlKey} (https://<account>.blob.core.windows.net, "
                + $"signed in with DefaultAzureCredential), or the {DefaultConnectionSetting} setting (a connection string, or "
                + $"{DefaultConnectionSetting}{BlobConnectionSetting.AccountNameSuffix} for an identity)");
        }

        return account;
    }
}
