using System.Net;
using System.Text.Json;
using DurableIngest.RunStore;

namespace DurableIngest.Functions.Tests.Http;

/// <summary>An answer of the ingest API as a caller sees it: status, headers and the JSON body.</summary>
internal sealed record ApiReply(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public T Json<T>() => JsonSerializer.Deserialize<T>(Body, RunStoreJson.Options)!;

    public JsonElement Element => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{(int)Status} {Body}";
}
