using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DurableIngest.Configuration;
using DurableIngest.Secrets;

namespace DurableIngest.Http;

/// <summary>
/// Reads the body of <c>POST /api/ingest</c> for every host: enforces the size limit while reading, tells YAML from JSON
/// (by content type; for none, text/plain, octet-stream or curl's default form type, by its first character), normalises JSON, refuses literal secrets when the host cannot keep
/// them, and validates the workflow, collecting every problem with its path.
/// </summary>
public sealed class IngestRequestReader
{
    private static readonly string[] JsonTypes = ["application/json", "text/json"];
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];
    // application/x-www-form-urlencoded is what curl sends with --data-binary @file unless told otherwise.
    private static readonly string[] SniffedTypes = ["text/plain", "application/octet-stream", "application/x-www-form-urlencoded"];
    private static readonly JsonWriterOptions YamlCompatibleJson = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WorkflowConfigLoader _loader;
    private readonly IngestRequestOptions _options;

    public IngestRequestReader(WorkflowConfigLoader loader, IngestRequestOptions options)
    {
        _loader = loader;
        _options = options;
    }

    public async Task<IngestRequestBody> ReadAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var declared = MediaType(contentType);
        IngestBodyFormat? format = null;
        if (declared is not null && (JsonTypes.Contains(declared) || declared.EndsWith("+json", StringComparison.Ordinal)))
        {
            format = IngestBodyFormat.Json;
        }
        else if (declared is not null && (YamlTypes.Contains(declared) || declared.EndsWith("+yaml", StringComparison.Ordinal)))
        {
            format = IngestBodyFormat.Yaml;
        }
        else if (declared is not null && !SniffedTypes.Contains(declared))
        {
            return Refuse(
                HttpStatusCode.UnsupportedMediaType,
                $"content type '{declared}' is not supported; send the workflow as application/yaml (or text/yaml) or application/json");
        }

        ReadOnlyMemory<byte>? read;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            deadline.CancelAfter(_options.ReadTimeout);
            try
            {
                read = contentLength > _options.MaxBytes ? null : await ReadBoundedAsync(body, _options.MaxBytes, deadline.Token);
            }
            catch (Exception e) when ((e is OperationCanceledException && !cancellationToken.IsCancellationRequested) || e is IOException)
            {
                // Too slow (a slowloris), or cut off: the worker is not held, and nothing was stored.
                return Refuse(
                    HttpStatusCode.RequestTimeout,
                    $"the body did not arrive within this host's limit of {_options.ReadTimeout.TotalSeconds:0} s; send the whole workflow at once");
            }
        }

        if (read is not { } bytes)
        {
            return Refuse(
                HttpStatusCode.RequestEntityTooLarge,
                $"the body is larger than this host's limit of {_options.MaxBytes} bytes; a workflow file is a few kilobytes — send the workflow YAML or JSON itself");
        }

        var decodeProblems = new ConfigProblems();
        if (WorkflowYaml.Decode(bytes.Span, _loader.Limits with { MaxBytes = int.MaxValue }, decodeProblems) is not { } text)
        {
            return new IngestRequestBody { Status = HttpStatusCode.BadRequest, Problems = [.. decodeProblems] };
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Refuse(HttpStatusCode.BadRequest, "the body is empty; send the workflow file (source, sink, workflowConfig) as YAML or JSON");
        }

        var actual = format ?? (text.TrimStart().StartsWith('{') ? IngestBodyFormat.Json : IngestBodyFormat.Yaml);
        if (actual == IngestBodyFormat.Json)
        {
            var (normalised, jsonProblem) = NormaliseJson(text);
            if (normalised is null)
            {
                return Refuse(HttpStatusCode.BadRequest, jsonProblem!) with { Format = actual };
            }

            text = normalised;
        }

        // The bounded load first: only a document within the limits is walked again for literal secrets.
        var config = _loader.TryLoad(text, out var loadProblems);
        var problems = new List<ConfigProblem>(loadProblems);
        if (_options.RefuseLiteralSecrets && !loadProblems.Any(p => p.Path.Length == 0))
        {
            problems.InsertRange(0, LiteralSecretPolicy.FindRefused(text));
        }

        return config is null || problems.Count > 0
            ? new IngestRequestBody { Status = HttpStatusCode.BadRequest, Format = actual, Text = text, Problems = problems }
            : new IngestRequestBody { Status = HttpStatusCode.OK, Format = actual, Text = text, Config = config };
    }

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>The body's bytes, or null as soon as it exceeds <paramref name="limit"/> (the rest is never read).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    // JSON is valid YAML only without tabs in indentation; re-indenting it with spaces keeps it so. Lines of later
    // problems then refer to this normalised text, which is why every problem also names its YAML path.
    private static (string? Text, string? Problem) NormaliseJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "the JSON body must be an object with source, sink and workflowConfig");
            }

            using var output = new MemoryStream();
            using (var writer = new Utf8JsonWriter(output, YamlCompatibleJson))
            {
                document.RootElement.WriteTo(writer);
            }

            return (Encoding.UTF8.GetString(output.ToArray()) + "\n", null);
        }
        catch (JsonException e)
        {
            return (null, $"JSON syntax error at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}");
        }
    }

    private static IngestRequestBody Refuse(HttpStatusCode status, string message) =>
        new() { Status = status, Problems = [new ConfigProblem(string.Empty, message)] };
}
