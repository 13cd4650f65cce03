using System.Net;
using Azure;
using Azure.Identity;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// The one place where the Azure SDK's failures (<see cref="RequestFailedException"/>, the <see cref="AggregateException"/>
/// its retry policy throws once it gives up on an unreachable service, and Azure.Identity's token failures) become a
/// <see cref="BlobStorageException"/> that says what failed, on which container or blob, and what to do. The SDK's
/// own messages are not passed on whole: they carry response headers and bodies; only the first line of the service's
/// explanation is kept. Caller cancellation passes through unchanged.
/// </summary>
internal sealed class BlobErrors
{
    private readonly BlobAccount _account;
    private readonly int _maxRetries;

    public BlobErrors(BlobAccount account, BlobClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(settings);
        _account = account;
        _maxRetries = settings.MaxRetries;
    }

    /// <summary>Runs one SDK call (retries included) as <paramref name="operation"/> of <paramref name="resource"/>, translating its failure.</summary>
    public async Task<T> GuardAsync<T>(string operation, string resource, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Translate(operation, resource, e) is { } translated)
        {
            throw translated;
        }
    }

    public BlobStorageException? Translate(string operation, string resource, Exception exception) => exception switch
    {
        BlobStorageException => null,
        RequestFailedException { Status: 0 } unreachable => Unreachable(operation, resource, 1, unreachable),
        RequestFailedException failed => Failed(operation, resource, failed),
        AggregateException all when all.InnerExceptions.All(IsUnreachable) => Unreachable(operation, resource, all.InnerExceptions.Count, all.InnerExceptions[^1]),
        AuthenticationFailedException or CredentialUnavailableException => NoToken(operation, resource, exception),
        OperationCanceledException timedOut => Unreachable(operation, resource, 1, timedOut),
        _ => null,
    };

    private static bool IsUnreachable(Exception exception) =>
        exception is RequestFailedException { Status: 0 } or OperationCanceledException or IOException or HttpRequestException;

    private BlobStorageException Failed(string operation, string resource, RequestFailedException failed)
    {
        var status = (HttpStatusCode)failed.Status;
        var code = failed.ErrorCode ?? status.ToString();
        // The SDK's message starts with the service's explanation, then "RequestId:...", headers and body.
        var explanation = failed.Message.Split('\n')[0].Trim();
        var detail = explanation.Length > 0 && !explanation.StartsWith("Service request failed", StringComparison.Ordinal) ? $": {explanation}" : string.Empty;
        var retried = IsRetriable(status) && _maxRetries > 0 ? $" after {_maxRetries + 1} attempts" : string.Empty;
        return new BlobStorageException(
            $"Blob storage {operation} of '{resource}' at {_account.ServiceUri} failed{retried} with HTTP {failed.Status} {code}{detail}. {Advice(status, failed.ErrorCode)}",
            status,
            failed.ErrorCode,
            failed);
    }

    private BlobStorageException Unreachable(string operation, string resource, int attempts, Exception cause) =>
        new(
            $"Blob storage {operation} of '{resource}' could not reach {_account.ServiceUri.GetLeftPart(UriPartial.Authority)} after {attempts} attempt(s): "
            + $"{cause.Message.Split('\n')[0].Trim().TrimEnd('.')}. Check the endpoint (the connection string's BlobEndpoint or AccountName and EndpointSuffix, "
            + "or the account URL) and that the storage service (or Azurite) is running.",
            null,
            null,
            cause);

    private BlobStorageException NoToken(string operation, string resource, Exception cause) =>
        new(
            $"Blob storage {operation} of '{resource}' at {_account.ServiceUri} could not get an Entra ID token ({_account}): "
            + $"{cause.Message.Split('\n')[0].Trim().TrimEnd('.')}. In Azure, give the app a managed identity (and its client id for a user-assigned one); "
            + "on a laptop, run 'az login'; or use a connection string instead.",
            HttpStatusCode.Unauthorized,
            BlobStorageException.NoTokenErrorCode,
            cause);

    private static bool IsRetriable(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private string Advice(HttpStatusCode status, string? code) => (status, code) switch
    {
        (HttpStatusCode.Forbidden, "KeyBasedAuthenticationNotPermitted") =>
            "The account does not allow Shared Key access: use the account URL with an Entra ID identity instead of a connection string with a key.",
        (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, _) when _account.Credential is not null =>
            $"Check that the identity ({_account}) has the Storage Blob Data Contributor (or Owner) role on the account or container; a new role assignment can take minutes to apply.",
        (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, _) =>
            "Check AccountName and AccountKey (or the SharedAccessSignature and its permissions and expiry) in the connection string, and that this machine's clock is right.",
        (HttpStatusCode.NotFound, "ContainerNotFound") => "Create the container, or check the container name.",
        (HttpStatusCode.Conflict, "ContainerBeingDeleted") => "The container is being deleted; wait a minute and run again, or use another container name.",
        (HttpStatusCode.BadRequest, _) => "Check the container and blob names (containers: 3-63 lower-case letters, digits and hyphens; blob names: up to 1024 characters).",
        _ when IsRetriable(status) => "The service is busy or failing; the client's retries are exhausted, so the workflow will retry the batch later.",
        _ => "See the storage error code in Azure's Blob service error code list.",
    };
}
