using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace DurableIngest.RunStore;

/// <summary>
/// JSON for run-store documents, activity payloads and API answers: compact, camelCase, enums as strings. Every type
/// comes from compile-time metadata (<see cref="RunStoreJsonContext"/>), never from reflection, so a type missing there
/// fails the tests (NotSupportedException) as it would fail the Native AOT binary. A host with documents of its own
/// derives options from <see cref="Options"/> with its own context (<see cref="WithResolver"/>) and passes them.
/// </summary>
public static class RunStoreJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = RunStoreJsonContext.Default,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>These options (compact or indented) with <paramref name="resolver"/> asked first, then the run store's own types.</summary>
    public static JsonSerializerOptions WithResolver(IJsonTypeInfoResolver resolver, bool indented = false) =>
        new(indented ? Indented : Options) { TypeInfoResolver = JsonTypeInfoResolver.Combine(resolver, RunStoreJsonContext.Default) };

    /// <summary>The metadata of <typeparamref name="T"/> in <paramref name="options"/> (default <see cref="Options"/>).</summary>
    public static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions? options = null) =>
        (JsonTypeInfo<T>)(options ?? Options).GetTypeInfo(typeof(T));

    public static byte[] Serialize<T>(T value, bool indented = false) =>
        Serialize(value, indented ? Indented : Options);

    public static byte[] Serialize<T>(T value, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>(options));

    public static T Deserialize<T>(ReadOnlyMemory<byte> content, string key, JsonSerializerOptions? options = null) =>
        Deserialize<T>(content.Span, key, options);

    public static T Deserialize<T>(ReadOnlySpan<byte> content, string key, JsonSerializerOptions? options = null)
    {
        try
        {
            return JsonSerializer.Deserialize(content, TypeInfo<T>(options))
                ?? throw new InvalidDataException($"Run store document '{key}' is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Run store document '{key}' is corrupt or truncated: {e.Message}", e);
        }
    }

    public static async Task<T?> ReadAsync<T>(this IRunStore store, string key, CancellationToken cancellationToken, JsonSerializerOptions? options = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        var document = await store.GetAsync(key, cancellationToken);
        return document is null ? null : Deserialize<T>(document.Content, key, options);
    }

    public static async Task<T> ReadRequiredAsync<T>(this IRunStore store, string key, CancellationToken cancellationToken, JsonSerializerOptions? options = null)
        where T : class =>
        await store.ReadAsync<T>(key, cancellationToken, options)
        ?? throw new InvalidDataException($"Run store document '{key}' is missing.");

    public static Task<string> WriteAsync<T>(this IRunStore store, string key, T value, CancellationToken cancellationToken, bool indented = false) =>
        store.WriteAsync(key, value, indented ? Indented : Options, cancellationToken);

    public static Task<string> WriteAsync<T>(this IRunStore store, string key, T value, JsonSerializerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, Serialize(value, options), cancellationToken);
    }
}
