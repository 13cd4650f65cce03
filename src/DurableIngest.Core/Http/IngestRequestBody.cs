using System.Net;
using DurableIngest.Configuration;

namespace DurableIngest.Http;

/// <summary>
/// An ingest request's body, read and validated: the workflow when it is usable, otherwise the HTTP status to answer
/// (400, 413 or 415) and every problem found.
/// </summary>
public sealed record IngestRequestBody
{
    public required HttpStatusCode Status { get; init; }

    public IngestBodyFormat Format { get; init; }

    /// <summary>The workflow as YAML text (a JSON body, normalised); what the run stores, secrets aside.</summary>
    public string? Text { get; init; }

    public WorkflowConfig? Config { get; init; }

    public IReadOnlyList<ConfigProblem> Problems { get; init; } = [];

    public bool IsValid => Config is not null && Status == HttpStatusCode.OK;

    public IngestErrorDocument ToErrorDocument() => new(
        Status switch
        {
            HttpStatusCode.RequestEntityTooLarge => "the request body is too large",
            HttpStatusCode.UnsupportedMediaType => "unsupported content type",
            _ => "the workflow is invalid",
        },
        Problems);
}
