using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// A blob container, created the first time a writer needs it, once per instance however many writers race to it.
/// A failed creation is not remembered: the next call tries again.
/// </summary>
internal sealed class LazyContainer : IDisposable
{
    private readonly BlobErrors _errors;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public LazyContainer(BlobContainerClient client, BlobErrors errors)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(errors);
        if (!BlobNames.IsValidContainerName(client.Name))
        {
            throw new ArgumentException($"container name '{client.Name}' is not valid: use {BlobNames.ContainerNameRule}", nameof(client));
        }

        Client = client;
        _errors = errors;
    }

    public BlobContainerClient Client { get; }

    public string Name => Client.Name;

    /// <summary>True when this call created the container (false when it existed or was already ensured).</summary>
    public async Task<bool> EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return false;
            }

            var created = await _errors.GuardAsync(
                "create container",
                Name,
                async () => await Client.CreateIfNotExistsAsync(PublicAccessType.None, metadata: null, encryptionScopeOptions: null, cancellationToken) is not null,
                cancellationToken);
            _ready = true;
            return created;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
