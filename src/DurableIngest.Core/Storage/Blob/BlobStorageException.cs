using System.Net;
using DurableIngest.Failures;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// A Blob service request that failed, as <see cref="BlobErrors"/> translates the Azure SDK's exceptions: the HTTP
/// status (null when the service could not be reached), the storage error code (<c>AuthorizationFailure</c>,
/// <c>ContainerNotFound</c>..., or <see cref="NoTokenErrorCode"/> when no Entra ID token could be had) and, in the
/// message, what failed, where, and what to do. It is an <see cref="HttpRequestException"/>, so <c>ErrorClassifier</c>
/// treats 408, 429, 5xx and unreachable as transient and everything else as permanent. Messages never contain a key,
/// a signature or a token.
/// </summary>
public sealed class BlobStorageException : HttpRequestException
{
    /// <summary>The <see cref="ErrorCode"/> of a request that never left because no Entra ID token could be obtained.</summary>
    public const string NoTokenErrorCode = "NoToken";

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

    /// <summary>The service's error code (<c>x-ms-error-code</c>), when it sent one.</summary>
    public string? ErrorCode { get; }
}
