using System.Net;
using DurableIngest.Connectors;
using DurableIngest.Secrets;

namespace DurableIngest.Http;

/// <summary>
/// <c>POST /api/test-connection</c>, answered the same by <c>serve</c> and the Functions app: the body is a workflow,
/// as for <c>POST /api/ingest</c>; 200 with every step (<see cref="ConnectionTester"/>) and whether all passed, or the
/// refusals of a bad workflow (400/413/415). Nothing is stored.
/// </summary>
public sealed class ConnectionTestApi(IngestRequestReader reader, ConnectionTester tester, Func<string, string?> environment)
{
    public const string Route = "/api/test-connection";

    public async Task<ApiResponse> TestAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        var request = await reader.ReadAsync(body, contentType, contentLength, cancellationToken);
        if (!request.IsValid)
        {
            return ApiResponse.Json(request.Status, request.ToErrorDocument());
        }

        var config = request.Config!;
        var steps = await tester.TestAsync(config, SecretRedactor.FromConfigText(config.RawText, environment), cancellationToken);
        return ApiResponse.Json(HttpStatusCode.OK, new ConnectionTestDocument(steps.All(s => s.Outcome != ConnectionStepOutcome.Failed), steps));
    }
}
