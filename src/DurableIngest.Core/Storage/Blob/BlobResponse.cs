using System.Net;
using System.Xml;
using System.Xml.Linq;

namespace DurableIngest.Storage.Blob;

/// <summary>
/// One attempt's answer, read to the end and detached from the connection, so the retry pipeline never has to
/// dispose discarded responses. Bodies here are small (documents and listing pages).
/// </summary>
internal sealed record BlobResponse(HttpStatusCode Status, string? ETag, string? ErrorCode, string? ErrorMessage, byte[] Body, TimeSpan? RetryAfter)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public static async Task<BlobResponse> ReadAsync(HttpResponseMessage response, TimeProvider time, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var etag = response.Headers.NonValidated.TryGetValues("ETag", out var etags) ? etags.ToString() : null;
        var code = response.Headers.NonValidated.TryGetValues("x-ms-error-code", out var codes) ? codes.ToString() : null;
        string? message = null;
        if ((int)response.StatusCode >= 400 && body.Length > 0)
        {
            (code, message) = ReadError(body, code);
        }

        return new BlobResponse(response.StatusCode, etag, code, message, body, RetryAfterOf(response, time));
    }

    private static (string? Code, string? Message) ReadError(byte[] body, string? headerCode)
    {
        try
        {
            using var stream = new MemoryStream(body);
            var error = XDocument.Load(stream).Root;
            var code = error?.Element("Code")?.Value;
            // Azure appends "RequestId:...\nTime:..." lines; the first line is the explanation.
            var message = error?.Element("Message")?.Value.Split('\n')[0].Trim();
            return (headerCode ?? code, message);
        }
        catch (XmlException)
        {
            return (headerCode, null);
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider time)
    {
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
