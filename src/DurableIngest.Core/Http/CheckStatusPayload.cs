namespace DurableIngest.Http;

/// <summary>
/// The body of <c>202 Accepted</c>, shaped like Durable Functions' check-status response but pointing at this app's own
/// routes: absolute URLs built from the address the caller used. They carry no key (Durable's built-in management URLs
/// carry the extension's system key, which would let any caller terminate, purge or read every instance); callers send
/// their own key with every request.
/// </summary>
public sealed record CheckStatusPayload(string Id, string StatusQueryGetUri, string TerminatePostUri, string PurgeHistoryDeleteUri)
{
    /// <summary>Durable Functions' value: how long a caller should wait before polling the status URL.</summary>
    public const int RetryAfterSeconds = 10;

    /// <param name="collectionUrl">The URL the start was posted to (…/api/ingest), without its query.</param>
    public static CheckStatusPayload For(Uri collectionUrl, string runId)
    {
        ArgumentNullException.ThrowIfNull(collectionUrl);
        var status = $"{collectionUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}/{Uri.EscapeDataString(runId)}";
        return new CheckStatusPayload(runId, status, $"{status}/terminate", status);
    }
}
