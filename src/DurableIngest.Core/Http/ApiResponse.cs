using System.Net;
using DurableIngest.Configuration;
using DurableIngest.RunStore;

namespace DurableIngest.Http;

/// <summary>
/// An answer of the ingest API, ready for any host to write: the status, extra headers and a JSON body in the run
/// store's style (camelCase, enums as names, indented).
/// </summary>
public sealed record ApiResponse(HttpStatusCode Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public static ApiResponse Json<T>(HttpStatusCode status, T body, params KeyValuePair<string, string>[] headers) =>
        new(status, RunStoreJson.Serialize(body, indented: true), headers);

    /// <summary>A refusal in the shape of a refused workflow: what is wrong, and the one problem with its path.</summary>
    public static ApiResponse Problem(HttpStatusCode status, string error, string path, string message) =>
        Json(status, new IngestErrorDocument(error, [new ConfigProblem(path, message)]));
}
