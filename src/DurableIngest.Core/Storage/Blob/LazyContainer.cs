namespace DurableIngest.Storage.Blob;

/// <summary>
/// Creates a blob container the first time a writer needs it, once per instance however many writers race to it.
/// A failed creation is not remembered: the next call tries again.
/// </summary>
public sealed class LazyContainer : IDisposable
{
    private readonly BlobServiceClient _client;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public LazyContainer(BlobServiceClient client, string name)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!BlobNames.IsValidContainerName(name))
        {
            throw new ArgumentException($"container name '{name}' is not valid: use {BlobNames.ContainerNameRule}", nameof(name));
        }

        _client = client;
        Name = name;
    }

    public string Name { get; }

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

            var created = await _client.CreateContainerIfNotExistsAsync(Name, cancellationToken);
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
