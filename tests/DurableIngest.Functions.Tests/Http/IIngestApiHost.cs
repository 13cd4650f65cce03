using DurableIngest.RunStore;

namespace DurableIngest.Functions.Tests.Http;

/// <summary>A host answering the ingest API (serve over HTTP, or the Functions app's HTTP functions), as a test drives it.</summary>
internal interface IIngestApiHost : IAsyncDisposable
{
    string Name { get; }

    IRunStore Store { get; }

    /// <summary>The URL a caller posts starts to (…/api/ingest).</summary>
    string CollectionUrl { get; }

    Task<ApiReply> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, string contentType);
}

/// <summary>Text bodies, as most tests send them.</summary>
internal static class IngestApiHostExtensions
{
    public static Task<ApiReply> SendAsync(
        this IIngestApiHost host, HttpMethod method, string pathAndQuery, string? body = null, string contentType = "application/yaml") =>
        host.SendAsync(method, pathAndQuery, body is null ? null : System.Text.Encoding.UTF8.GetBytes(body), contentType);
}
