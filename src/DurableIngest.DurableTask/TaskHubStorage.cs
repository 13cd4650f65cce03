using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;
using DurableTask.AzureStorage;

namespace DurableIngest.DurableTask;

/// <summary>
/// The storage account a task hub lives in, and with it the run store every worker shares: one connection, read the
/// way the blob run store reads it (<see cref="BlobConnectionSetting"/>), so the hub's queues and tables and the run
/// store's blobs are reached as the same identity. <c>--storage</c> takes a connection string or a Blob account URL
/// (signed in with DefaultAzureCredential); without it the <c>AzureWebJobsStorage</c> setting, connection string or
/// identity-based (<c>__accountName</c>, or <c>__blobServiceUri</c> with <c>__queueServiceUri</c> and
/// <c>__tableServiceUri</c>; <c>__credential</c>, <c>__clientId</c>), as on Azure.
/// </summary>
public sealed class TaskHubStorage
{
    public const string DefaultSetting = "AzureWebJobsStorage";
    public const string QueueServiceUriSuffix = "__queueServiceUri";
    public const string TableServiceUriSuffix = "__tableServiceUri";

    private TaskHubStorage(BlobAccount account, Func<StorageAccountClientProvider> provider)
    {
        Account = account;
        CreateProvider = provider;
    }

    /// <summary>The account as the blob run store reaches it (and describes it: never a key).</summary>
    public BlobAccount Account { get; }

    /// <summary>A client provider for the engine's queues, tables and blobs on the same account.</summary>
    public Func<StorageAccountClientProvider> CreateProvider { get; }

    public override string ToString() => Account.ToString();

    /// <summary>The account <paramref name="storage"/> (the flag) or else the <see cref="DefaultSetting"/> connection names; null with every problem added.</summary>
    public static TaskHubStorage? Resolve(string? storage, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(setting);
        ArgumentNullException.ThrowIfNull(problems);
        return storage is null ? FromSetting(DefaultSetting, setting, problems) : FromFlag(storage, problems);
    }

    private static TaskHubStorage? FromFlag(string storage, List<ConfigProblem> problems)
    {
        // A connection string is Name=value pairs; anything shaped like a URL is an account URL.
        if (Uri.TryCreate(storage.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            var uri = BlobConnectionSetting.ParseServiceUri(storage, out var error);
            if (uri is null)
            {
                problems.Add(new ConfigProblem("--storage", error!));
                return null;
            }

            var account = BlobAccount.FromAccountUrl(uri);
            return FromIdentity(account, "--storage", DerivedUri(uri, "queue"), DerivedUri(uri, "table"), problems);
        }

        return FromConnectionString("--storage", storage, problems);
    }

    private static TaskHubStorage? FromSetting(string name, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        var before = problems.Count;
        var account = BlobConnectionSetting.Read(name, setting, problems);
        if (problems.Count > before)
        {
            return null;
        }

        if (account is null)
        {
            problems.Add(new ConfigProblem(
                "--storage",
                $"not given, and {name} is not set: give --storage CONNECTION (a connection string, UseDevelopmentStorage=true for Azurite, or an account URL), "
                + $"or set {name} (or {name}{BlobConnectionSetting.AccountNameSuffix} for an identity-based connection)"));
            return null;
        }

        if (account.ConnectionString is { } connectionString)
        {
            return FromConnectionString(name, connectionString, problems);
        }

        var blobUri = Explicit(name + BlobConnectionSetting.BlobServiceUriSuffix, setting) ?? Explicit(name + BlobConnectionSetting.ServiceUriSuffix, setting);
        if (blobUri is null)
        {
            // __accountName: the engine derives its queue and table endpoints from the name, as Functions does.
            return new TaskHubStorage(account, () => new StorageAccountClientProvider(account.AccountName, account.Credential!));
        }

        var queue = ExplicitUri(name + QueueServiceUriSuffix, setting, problems);
        var table = ExplicitUri(name + TableServiceUriSuffix, setting, problems);
        return problems.Count > before ? null : FromIdentity(account, name, queue, table, problems);
    }

    private static TaskHubStorage? FromConnectionString(string name, string connectionString, List<ConfigProblem> problems)
    {
        try
        {
            var account = BlobAccount.FromConnectionString(connectionString);
            return new TaskHubStorage(account, () => new StorageAccountClientProvider(connectionString));
        }
        catch (FormatException e)
        {
            problems.Add(new ConfigProblem(name, $"is not a usable storage connection string: {e.Message}"));
            return null;
        }
    }

    private static TaskHubStorage? FromIdentity(BlobAccount account, string name, Uri? queue, Uri? table, List<ConfigProblem> problems)
    {
        if (queue is null || table is null)
        {
            problems.Add(new ConfigProblem(
                name,
                $"the task hub also needs the account's queue and table endpoints: set {DefaultSetting}{QueueServiceUriSuffix} and {DefaultSetting}{TableServiceUriSuffix}, "
                + $"or use {DefaultSetting}{BlobConnectionSetting.AccountNameSuffix} (the endpoints follow from the name)"));
            return null;
        }

        return new TaskHubStorage(account, () => new StorageAccountClientProvider(account.ServiceUri, queue, table, account.Credential!));
    }

    private static string? Explicit(string name, Func<string, string?> setting) =>
        setting(name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static Uri? ExplicitUri(string name, Func<string, string?> setting, List<ConfigProblem> problems)
    {
        if (Explicit(name, setting) is not { } text)
        {
            problems.Add(new ConfigProblem(name, "is not set; with a blobServiceUri the task hub needs the queue and table service URIs too"));
            return null;
        }

        var uri = BlobConnectionSetting.ParseServiceUri(text, out var error);
        if (uri is null)
        {
            problems.Add(new ConfigProblem(name, error!));
        }

        return uri;
    }

    // https://acct.blob.core.windows.net → https://acct.queue.core.windows.net; other hosts cannot be guessed.
    private static Uri? DerivedUri(Uri blob, string service)
    {
        var labels = blob.Host.Split('.');
        return labels.Length > 2 && labels[1] == "blob"
            ? new UriBuilder(blob) { Host = string.Join('.', labels.Select((l, i) => i == 1 ? service : l)) }.Uri
            : null;
    }
}
