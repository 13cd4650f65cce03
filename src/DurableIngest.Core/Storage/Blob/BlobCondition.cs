namespace DurableIngest.Storage.Blob;

/// <summary>An optimistic-concurrency condition on a write: none, "only if absent", or "only if its ETag is still this".</summary>
public sealed record BlobCondition
{
    private BlobCondition(string? ifMatch, string? ifNoneMatch)
    {
        IfMatch = ifMatch;
        IfNoneMatch = ifNoneMatch;
    }

    public static BlobCondition None { get; } = new(null, null);

    /// <summary><c>If-None-Match: *</c>: the write fails with 409 BlobAlreadyExists when the blob exists.</summary>
    public static BlobCondition IfNotExists { get; } = new(null, "*");

    /// <summary>The <c>If-Match</c> header value, when the write requires the blob's ETag to be unchanged.</summary>
    public string? IfMatch { get; }

    /// <summary>The <c>If-None-Match</c> header value.</summary>
    public string? IfNoneMatch { get; }

    /// <summary><c>If-Match: &lt;etag&gt;</c>: the write fails with 412 ConditionNotMet when someone changed the blob.</summary>
    public static BlobCondition IfETagMatches(string etag)
    {
        ArgumentException.ThrowIfNullOrEmpty(etag);
        return new(etag, null);
    }
}
