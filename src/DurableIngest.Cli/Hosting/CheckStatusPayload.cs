using Microsoft.AspNetCore.Http;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// The body of <c>202 Accepted</c>, shaped like Durable Functions' check-status response: absolute URLs built from the
/// address the caller used. They carry no key; callers send theirs with every request.
/// </summary>
internal sealed record CheckStatusPayload(string Id, string StatusQueryGetUri, string TerminatePostUri, string PurgeHistoryDeleteUri)
{
    /// <summary>Durable Functions' value: how long a caller should wait before polling the status URL.</summary>
    public const int RetryAfterSeconds = 10;

    public static CheckStatusPayload For(HttpRequest request, string runId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var status = $"{request.Scheme}://{request.Host}{request.PathBase}{IngestEndpoints.Route}/{Uri.EscapeDataString(runId)}";
        return new CheckStatusPayload(runId, status, $"{status}/terminate", status);
    }
}
