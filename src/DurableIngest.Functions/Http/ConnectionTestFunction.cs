using DurableIngest.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace DurableIngest.Functions.Http;

/// <summary><c>POST /api/test-connection</c> on Azure Functions: <see cref="ConnectionTestApi"/>, as <c>serve</c> answers it.</summary>
public sealed class ConnectionTestFunction(ConnectionTestApi tests)
{
    [Function("TestConnection")]
    public async Task<IActionResult> TestAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "test-connection")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ApiActionResult(await tests.TestAsync(request.Body, request.ContentType, request.ContentLength, cancellationToken));
    }
}
