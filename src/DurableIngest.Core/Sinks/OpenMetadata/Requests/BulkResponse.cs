using System.Text.Json;

namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>One entity of a bulk answer: the request as the server echoes it (an object or a name) and a message.</summary>
internal sealed record BulkResponse
{
    public JsonElement? Request { get; init; }

    public string? Message { get; init; }
}
