using System.Net;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// A Blob service request that failed: the HTTP status (null when the service could not be reached), the storage
/// error code from the response (<c>AuthenticationFailed</c>, <c>ContainerNotFound</c>...) and, in the message,
/// what to do. It is an <see cref="HttpRequestException"/>, so <c>ErrorClassifier</c> treats 408, 429, 5xx and
/// unreachable as transient and everything else as permanent. Messages never contain a key or a signature.
/// </summary>
public sealed class BlobStorageException : HttpRequestException
{
    public BlobStorageException()
    {
    }

    public BlobStorageException(string message)
        : base(message)
    {
    }

    public BlobStorageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BlobStorageException(string message, HttpStatusCode? status, string? errorCode, Exception? innerException = null)
        : base(message, innerException, status)
    {
        ErrorCode = errorCode;
    }

    /// <summary>The service's error code (<c>x-ms-error-code</c> or the body's <c>&lt;Code&gt;</c>), when it sent one.</summary>
    public string? ErrorCode { get; }

    internal static BlobStorageException FromResponse(string operation, string resource, BlobResponse response, int attempts)
    {
        var status = (int)response.Status;
        var code = response.ErrorCode ?? response.Status.ToString();
        var detail = response.ErrorMessage is { Length: > 0 } message ? $": {message}" : string.Empty;
        var tries = attempts > 1 ? $" after {attempts} attempts" : string.Empty;
        return new BlobStorageException(
            $"Blob storage {operation} of '{resource}' failed{tries} with HTTP {status} {code}{detail}. {Advice(response.Status, response.ErrorCode)}",
            response.Status,
            response.ErrorCode);
    }

    internal static BlobStorageException Unreachable(string operation, string resource, Uri endpoint, int attempts, Exception cause) =>
        new(
            $"Blob storage {operation} of '{resource}' could not reach {endpoint.GetLeftPart(UriPartial.Authority)} after {attempts} attempt(s): {cause.Message}. "
            + "Check the BlobEndpoint (or AccountName/EndpointSuffix) in the connection string and that the storage service (or Azurite) is running.",
            null,
            null,
            cause);

    private static string Advice(HttpStatusCode status, string? code) => (status, code) switch
    {
        (HttpStatusCode.Forbidden, _) or (HttpStatusCode.Unauthorized, _) =>
            "Check AccountName and AccountKey (or the SharedAccessSignature and its permissions and expiry) in the connection string, and that this machine's clock is right.",
        (HttpStatusCode.NotFound, "ContainerNotFound") => "Create the container, or check the container name.",
        (HttpStatusCode.Conflict, "ContainerBeingDeleted") => "The container is being deleted; wait a minute and run again, or use another container name.",
        (HttpStatusCode.BadRequest, _) => "Check the container and blob names (containers: 3-63 lower-case letters, digits and hyphens; blob names: up to 1024 characters).",
        (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests, _) or (>= HttpStatusCode.InternalServerError, _) =>
            "The service is busy or failing; retries were exhausted, so the workflow will retry the batch later.",
        _ => "See the storage error code in Azure's Blob service error code list.",
    };
}
