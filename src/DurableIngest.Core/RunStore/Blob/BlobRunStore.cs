using DurableIngest.Configuration;
using DurableIngest.Storage.Blob;

namespace DurableIngest.RunStore.Blob;

/// <summary>
/// The run store in an Azure Blob container: each key is a blob name, ETags are the service's, and the
/// conditional operations map to conditional writes (<c>If-None-Match: *</c> to create, <c>If-Match</c> to
/// replace), so concurrent workers on many machines agree on a single winner. The container is created on
/// the first write.
/// </summary>
public sealed class BlobRunStore : IRunStore, IDisposable
{
    private readonly BlobServiceClient _client;
    private readonly LazyContainer _container;

    public BlobRunStore(BlobServiceClient client, string container)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _container = new LazyContainer(client, container);
    }

    public string Container => _container.Name;

    /// <summary>The store <c>workflowConfig.distributedExecution.runStore</c> describes (type <c>blob</c>).</summary>
    public static BlobRunStore Create(RunStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string path = "workflowConfig.distributedExecution.runStore";
        if (!BlobConnectionString.TryParse(options.ConnectionString, out var account, out var error))
        {
            throw new ConfigException(null, [new ConfigProblem($"{path}.connectionString", error)]);
        }

        if (!BlobNames.IsValidContainerName(options.Container))
        {
            throw new ConfigException(null, [new ConfigProblem($"{path}.container", $"must be {BlobNames.ContainerNameRule}, not '{options.Container}'")]);
        }

        return new BlobRunStore(new BlobServiceClient(account, timeProvider: timeProvider), options.Container);
    }

    public async Task<string> PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _container.EnsureAsync(cancellationToken);
        var result = await _client.PutBlockBlobAsync(Container, key, content, BlobCondition.None, cancellationToken);
        return result.ETag ?? throw new InvalidOperationException($"an unconditional write of '{key}' was refused ({result.ConditionFailure})");
    }

    public async Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        var blob = await _client.GetBlobAsync(Container, key, cancellationToken);
        return blob is null ? null : new StoredDocument(blob.Content, blob.ETag);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return _client.ListBlobsAsync(Container, prefix, cancellationToken);
    }

    public async Task<string?> TryCreateAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _container.EnsureAsync(cancellationToken);
        var result = await _client.PutBlockBlobAsync(Container, key, content, BlobCondition.IfNotExists, cancellationToken);
        return result.ETag;
    }

    public async Task<string?> TryReplaceAsync(string key, ReadOnlyMemory<byte> content, string etag, CancellationToken cancellationToken)
    {
        CheckKey(key);
        ArgumentException.ThrowIfNullOrEmpty(etag);
        await _container.EnsureAsync(cancellationToken);
        var result = await _client.PutBlockBlobAsync(Container, key, content, BlobCondition.IfETagMatches(etag), cancellationToken);
        return result.ETag;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        await _client.DeleteBlobAsync(Container, key, cancellationToken);
    }

    public void Dispose() => _container.Dispose();

    private static void CheckKey(string key)
    {
        if (BlobNames.ProblemWithBlobName(key) is { } problem)
        {
            throw new ArgumentException($"run store key: {problem}", nameof(key));
        }
    }
}
