using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// Whole-document reads and writes on one container, as the run store and the blob sink make them: single-request
/// block blob uploads whose optimistic-concurrency condition (<c>If-None-Match: *</c> to create, <c>If-Match</c> to
/// replace) either holds or is an answer (null), never an error; reads, prefix listings through the SDK's pageable, and
/// deletes. Every failure goes through <see cref="BlobErrors"/>.
/// </summary>
internal sealed class BlobDocuments : IDisposable
{
    private readonly BlobErrors _errors;
    private readonly LazyContainer _container;
    private readonly int? _pageSize;

    public BlobDocuments(BlobAccount account, string container, BlobClientSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(account);
        settings ??= new BlobClientSettings();
        _errors = new BlobErrors(account, settings);
        _container = new LazyContainer(account.CreateClient(settings).GetBlobContainerClient(container), _errors);
        _pageSize = settings.ListPageSize;
    }

    public string Container => _container.Name;

    /// <summary>The SDK client requests go through (tests check where it points and how it signs in).</summary>
    internal BlobContainerClient Client => _container.Client;

    /// <summary>Creates the container when this instance has not yet; true when this call created it.</summary>
    public Task<bool> EnsureContainerAsync(CancellationToken cancellationToken) => _container.EnsureAsync(cancellationToken);

    /// <summary>
    /// Writes <paramref name="name"/> (the container must exist) and returns its new ETag; with <paramref name="conditions"/>,
    /// null when they did not hold: 409 <c>BlobAlreadyExists</c> for <c>IfNoneMatch = ETag.All</c>, 412 <c>ConditionNotMet</c>
    /// (or 404 <c>BlobNotFound</c>, the blob being gone) for <c>IfMatch</c>.
    /// </summary>
    public async Task<string?> TryUploadAsync(string name, ReadOnlyMemory<byte> content, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        CheckName(name);
        var blob = _container.Client.GetBlobClient(name);
        var options = new BlobUploadOptions
        {
            Conditions = conditions,
            HttpHeaders = new BlobHttpHeaders { ContentType = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/octet-stream" },
        };
        return await _errors.GuardAsync(
            "write",
            $"{Container}/{name}",
            async () =>
            {
                try
                {
                    var written = await blob.UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
                    return written.Value.ETag.ToString();
                }
                catch (RequestFailedException e) when (conditions is not null && IsConditionFailure(e, conditions))
                {
                    return null;
                }
            },
            cancellationToken);
    }

    /// <summary>The document and its ETag, or null when it (or the container) does not exist.</summary>
    public async Task<(ReadOnlyMemory<byte> Content, string ETag)?> GetAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        var blob = _container.Client.GetBlobClient(name);
        return await _errors.GuardAsync<(ReadOnlyMemory<byte>, string)?>(
            "read",
            $"{Container}/{name}",
            async () =>
            {
                try
                {
                    var download = await blob.DownloadContentAsync(cancellationToken);
                    return (download.Value.Content.ToMemory(), download.Value.Details.ETag.ToString());
                }
                catch (RequestFailedException e) when (e.ErrorCode is "BlobNotFound" or "ContainerNotFound")
                {
                    return null;
                }
            },
            cancellationToken);
    }

    /// <summary>Every blob name starting with <paramref name="prefix"/>, in ordinal order, page by page; empty when the container does not exist.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
        return await _errors.GuardAsync<IReadOnlyList<string>>(
            "list",
            $"{Container}/{prefix}*",
            async () =>
            {
                var names = new List<string>();
                try
                {
                    await foreach (var page in _container.Client.GetBlobsAsync(options, cancellationToken).AsPages(pageSizeHint: _pageSize))
                    {
                        names.AddRange(page.Values.Select(item => item.Name));
                    }
                }
                catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
                {
                    return [];
                }

                names.Sort(StringComparer.Ordinal);
                return names;
            },
            cancellationToken);
    }

    /// <summary>Deletes a document; false when it (or the container) was not there.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        CheckName(name);
        var blob = _container.Client.GetBlobClient(name);
        return await _errors.GuardAsync(
            "delete",
            $"{Container}/{name}",
            async () =>
            {
                try
                {
                    return (await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, conditions: null, cancellationToken)).Value;
                }
                catch (RequestFailedException e) when (e.ErrorCode == "ContainerNotFound")
                {
                    return false;
                }
            },
            cancellationToken);
    }

    public void Dispose() => _container.Dispose();

    private static bool IsConditionFailure(RequestFailedException e, BlobRequestConditions conditions) =>
        (e.Status == 409 && e.ErrorCode == "BlobAlreadyExists" && conditions.IfNoneMatch == ETag.All)
        || (e.Status == 412 && e.ErrorCode == "ConditionNotMet")
        || (e.Status == 404 && e.ErrorCode == "BlobNotFound" && conditions.IfMatch is not null);

    private static void CheckName(string name)
    {
        if (BlobNames.ProblemWithBlobName(name) is { } problem)
        {
            throw new ArgumentException(problem, nameof(name));
        }
    }
}
