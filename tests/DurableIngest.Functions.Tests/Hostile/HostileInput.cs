using System.Net;

namespace DurableIngest.Functions.Tests.Hostile;

/// <summary>
/// One hostile (or awkward) workflow and what every front door must answer: the HTTP status on serve and the Functions
/// app, the exit code of <c>durable-ingest ingest -c FILE</c>, and a fragment of the message naming what is wrong.
/// </summary>
/// <param name="FileExitCode">2 refused, 0 accepted, null when the case has no file form (HTTP only).</param>
internal sealed record HostileInput(
    string Name,
    byte[] Body,
    HttpStatusCode HttpStatus,
    int? FileExitCode,
    string Fragment,
    string ContentType = "application/yaml",
    string Query = "")
{
    public override string ToString() => Name;
}
