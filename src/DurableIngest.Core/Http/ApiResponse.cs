using System.Net;
using DurableIngest.Configuration;
using DurableIngest.RunStore;

namespace DurableIngest.Http;

/// <summary>
/// An answer of the ingest API, ready for any host to write: the status, extra headers and a body of
/// <see cref="ContentType"/>: JSON in the run store's style (camelCase, enums as names, indented) unless said otherwise.
/// </summary>
public sealed record ApiResponse(HttpStatusCode Status, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers, string ContentType = ApiResponse.JsonContentType)
{
    public const string JsonContentType = "application/json; charset=utf-8";

    public const string HtmlContentType = "text/html; charset=utf-8";

    /// <summary>
    /// For stored HTML pages (the run report): they need nothing from anywhere, so the browser is told to fetch nothing and
    /// run no script, whatever a message quoted in them contains.
    /// </summary>
    public const string PageContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    public static ApiResponse Html(HttpStatusCode status, byte[] body) =>
        new(status, body, [new("Content-Security-Policy", PageContentSecurityPolicy), new("X-Content-Type-Options", "nosniff")], HtmlContentType);

    public static ApiResponse Json<T>(HttpStatusCode status, T body, params KeyValuePair<string, string>[] headers) =>
        new(status, RunStoreJson.Serialize(body, indented: true), headers);

    /// <summary>A refusal in the shape of a refused workflow: what is wrong, and the one problem with its path.</summary>
    public static ApiResponse Problem(HttpStatusCode status, string error, string path, string message) =>
        Json(status, new IngestErrorDocument(error, [new ConfigProblem(path, message)]));
}
