using System.Text.Json;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>A final (non-transient) answer of the server: status, body, and the server's own message.</summary>
internal sealed record OpenMetadataResponse(int StatusCode, string Body, int Attempts)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public bool IsAuthFailure => StatusCode is 401 or 403;

    /// <summary>The <c>message</c> of OpenMetadata's error JSON (<c>{"code":..,"message":..}</c>), else the body's start.</summary>
    public string Message => ReadMessage(StatusCode, Body);

    internal static string ReadMessage(int statusCode, string body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("message", out var message)
                    && message.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(message.GetString()))
                {
                    return message.GetString()!;
                }
            }
            catch (JsonException)
            {
                // Not OpenMetadata's error JSON (a proxy's page, for example): fall through to the raw text.
            }

            var text = body.Trim();
            return text.Length <= 300 ? text : text[..300] + "…";
        }

        return $"HTTP {statusCode} with an empty body";
    }
}
