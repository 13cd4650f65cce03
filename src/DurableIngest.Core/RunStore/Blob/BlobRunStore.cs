using Azure;
using Azure.Storage.Blobs.Models;
using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.RunStore.Blob;

/// <summary>
/// The run store in an Azure Blob container, through the Azure SDK: each key is a blob name, ETags are the service's,
/// and the conditional operations are conditional writes (<c>IfNoneMatch = ETag.All</c> to create, <c>IfMatch</c> to
/// replace), so concurrent workers on many machines agree on a single winner. Not append-only: each journal step is
/// its own document, written whole. The container is created on the first write. Retries are the SDK's (see
/// <see cref="BlobClientSettings"/>); failures are <see cref="BlobStorageException"/>s naming the container and key.
/// </summary>
public sealed class BlobRunStore : IRunStore, IDisposable
{
    private readonly BlobDocuments _documents;

    /// <param name="account">Where and as whom (see <see cref="BlobAccount"/>).</param>
    /// <param name="container">The container; created on the first write.</param>
    /// <param name="settings">Retries, timeouts and page size; the defaults when null.</param>
    public BlobRunStore(BlobAccount account, string container, BlobClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        Account = account;
        _documents = new BlobDocuments(account, container, settings);
    }

    public BlobAccount Account { get; }

    public string Container => _documents.Container;

    /// <summary>The SDK client the store's requests go through.</summary>
    internal Azure.Storage.Blobs.BlobContainerClient ContainerClient => _documents.Client;

    /// <summary>The store <c>workflowConfig.distributedExecution.runStore</c> describes (type <c>blob</c>).</summary>
    public static BlobRunStore Create(RunStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string path = "workflowConfig.distributedExecution.runStore";
        var problems = new List<ConfigProblem>();
        if (options.Account is null)
        {
            problems.Add(new ConfigProblem($"{path}.{BlobAccountConfig.ConnectionStringKey}", $"required when type is 'blob': give {BlobAccountConfig.ConnectionStringKey} or {BlobAccountConfig.AccountUrlKey}, or set the {BlobAccountConfig.DefaultConnectionSetting} setting"));
        }

        if (!BlobNames.IsValidContainerName(options.Container))
        {
            problems.Add(new ConfigProblem($"{path}.container", $"must be {BlobNames.ContainerNameRule}, not '{options.Container}'"));
        }

        return problems.Count > 0 ? throw new ConfigException(null, problems) : new BlobRunStore(options.Account!, options.Container);
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _documents.EnsureContainerAsync(cancellationToken);
        return await _documents.TryUploadAsync(key, content, conditions: null, cancellationToken)
            ?? throw new InvalidOperationException($"an unconditional write of '{key}' returned no ETag");
    }

    public async Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        return await _documents.GetAsync(key, cancellationToken) is { } document ? new StoredDocument(document.Content, document.ETag) : null;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        _documents.ListAsync(prefix, cancellationToken);

    public async Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _documents.EnsureContainerAsync(cancellationToken);
        return await _documents.TryUploadAsync(key, content, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
    }

    public async Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        CheckKey(key);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        await _documents.EnsureContainerAsync(cancellationToken);
        return await _documents.TryUploadAsync(key, content, new BlobRequestConditions { IfMatch = new ETag(etag) }, cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _documents.DeleteAsync(key, cancellationToken);
    }

    public void Dispose() => _documents.Dispose();

    private static void CheckKey(string key)
    {
        if (BlobNames.ProblemWithBlobName(key) is { } problem)
        {
            throw new ArgumentException($"run store key: {problem}", nameof(key));
        }
    }
}
