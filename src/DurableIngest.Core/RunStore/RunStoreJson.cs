using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DurableIngest.RunStore;

/// <summary>JSON for run-store documents and activity payloads: compact, camelCase, enums as strings.</summary>
public static class RunStoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = JsonTypeInfoResolver.Combine(RunStoreJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static byte[] Serialize<T>(T value, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(value, indented ? Indented : Options);

    public static T Deserialize<T>(ReadOnlyMemory<byte> content, string key) =>
        Deserialize<T>(content.Span, key);

    public static T Deserialize<T>(ReadOnlySpan<byte> content, string key)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(content, Options)
                ?? throw new InvalidDataException($"Run store document '{key}' is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Run store document '{key}' is corrupt or truncated: {e.Message}", e);
        }
    }

    public static async Task<T?> ReadAsync<T>(this IRunStore store, string key, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        var document = await store.GetAsync(key, cancellationToken);
        return document is null ? null : Deserialize<T>(document.Content, key);
    }

    public static async Task<T> ReadRequiredAsync<T>(this IRunStore store, string key, CancellationToken cancellationToken)
        where T : class =>
        await store.ReadAsync<T>(key, cancellationToken)
        ?? throw new InvalidDataException($"Run store document '{key}' is missing.");

    public static Task<string> WriteAsync<T>(this IRunStore store, string key, T value, CancellationToken cancellationToken, bool indented = false)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, Serialize(value, indented), cancellationToken);
    }
}
