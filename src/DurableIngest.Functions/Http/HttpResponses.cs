using System.Net;
using DurableIngest.Configuration;
using DurableIngest.Http;
using DurableIngest.RunStore;
using Microsoft.Azure.Functions.Worker.Http;

namespace DurableIngest.Functions.Http;

/// <summary>JSON responses in the run store's JSON style (camelCase, enums as names), as the local host writes them.</summary>
internal static class HttpResponses
{
    public static async Task<HttpResponseData> JsonAsync<T>(HttpRequestData request, HttpStatusCode status, T body)
    {
        var response = request.CreateResponse(status);
        response.Headers.Add("Content-Type", "application/json; charset=utf-8");
        await response.WriteBytesAsync(RunStoreJson.Serialize(body, indented: true));
        return response;
    }

    public static Task<HttpResponseData> ProblemAsync(HttpRequestData request, HttpStatusCode status, string error, string path, string message) =>
        JsonAsync(request, status, new IngestErrorDocument(error, [new ConfigProblem(path, message)]));

    /// <summary>A request header's first value, or null.</summary>
    public static string? Header(HttpRequestData request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
