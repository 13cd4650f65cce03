using System.Net;
using DurableIngest.Connectors;
using DurableIngest.Secrets;

namespace DurableIngest.Http;

/// <summary>
/// <c>POST /api/test-connection</c>, answered the same by <c>serve</c> and the Functions app: the body is a workflow,
/// as for <c>POST /api/ingest</c>; 200 with every step (<see cref="ConnectionTester"/>) and whether all passed, or the
/// refusals of a bad workflow (400/413/415). Nothing is stored.
/// </summary>
public sealed class ConnectionTestApi
{
    public const string Route = "/api/test-connection";

    private readonly IngestRequestReader _reader;
    private readonly ConnectionTester _tester;
    private readonly Func<string, string?> _environment;

    public ConnectionTestApi(IngestRequestReader reader, ConnectionTester tester, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(tester);
        ArgumentNullException.ThrowIfNull(environment);
        _reader = reader;
        _tester = tester;
        _environment = environment;
    }

    public async Task<ApiResponse> TestAsync(Stream body, string? contentType, long? contentLength, CancellationToken cancellationToken)
    {
        var request = await _reader.ReadAsync(body, contentType, contentLength, cancellationToken);
        if (!request.IsValid)
        {
            return ApiResponse.Json(request.Status, request.ToErrorDocument());
        }

        var config = request.Config!;
        var steps = await _tester.TestAsync(config, SecretRedactor.FromConfigText(config.RawText, _environment), cancellationToken);
        return ApiResponse.Json(HttpStatusCode.OK, new ConnectionTestDocument(steps.All(s => s.Outcome != ConnectionStepOutcome.Failed), steps));
    }
}
