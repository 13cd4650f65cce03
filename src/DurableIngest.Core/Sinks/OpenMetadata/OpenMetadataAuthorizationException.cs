namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// The server refused the credentials (401/403): the whole batch fails, and retrying will not help until the
/// token is fixed. The message names the setting to fix and never contains the token.
/// </summary>
public sealed class OpenMetadataAuthorizationException : Exception
{
    public OpenMetadataAuthorizationException()
    {
    }

    public OpenMetadataAuthorizationException(string message)
        : base(message)
    {
    }

    public OpenMetadataAuthorizationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static OpenMetadataAuthorizationException From(OpenMetadataResponse response, string request, bool tokenSet)
    {
        var fix = response.StatusCode == 401
            ? tokenSet
                ? $"the token in {OpenMetadataSinkOptions.JwtTokenPath} is invalid or expired; put a valid bot token there"
                : $"the server requires a token; set {OpenMetadataSinkOptions.JwtTokenPath} to a bot's JWT token"
            : $"the token in {OpenMetadataSinkOptions.JwtTokenPath} lacks permission; use a bot token allowed to create and edit database services, databases, schemas and tables";
        return new OpenMetadataAuthorizationException(
            $"OpenMetadata refused {request} with {response.StatusCode} ({response.Message}): {fix}.");
    }
}
