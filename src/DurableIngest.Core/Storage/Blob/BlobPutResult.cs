namespace DurableIngest.Storage.Blob;

/// <summary>
/// The outcome of a write: written with its new ETag, or refused because its condition did not hold
/// (<c>BlobAlreadyExists</c>, <c>ConditionNotMet</c>). A refused condition is an answer, not an error.
/// </summary>
public sealed record BlobPutResult
{
    private BlobPutResult(string? etag, string? conditionFailure)
    {
        ETag = etag;
        ConditionFailure = conditionFailure;
    }

    public bool Written => ETag is not null;

    /// <summary>The blob's new ETag when written.</summary>
    public string? ETag { get; }

    /// <summary>The storage error code of the condition that failed, when not written.</summary>
    public string? ConditionFailure { get; }

    public static BlobPutResult Success(string etag) => new(etag, null);

    public static BlobPutResult ConditionFailed(string errorCode) => new(null, errorCode);
}
