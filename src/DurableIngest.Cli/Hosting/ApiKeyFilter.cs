using System.Net;
using System.Security.Cryptography;
using System.Text;
using DurableIngest.Http;
using Microsoft.AspNetCore.Http;

namespace DurableIngest.Cli.Hosting;

/// <summary>
/// Function-key authorization as Azure Functions does it: the key in the <c>x-functions-key</c> header or the
/// <c>code</c> query parameter; missing or wrong is 401. Keys are compared as SHA-256 hashes in constant time, so
/// neither the time taken nor the key's length tells a caller how close a guess was.
/// </summary>
internal sealed class ApiKeyFilter : IEndpointFilter
{
    public const string HeaderName = "x-functions-key";
    public const string QueryName = "code";

    private readonly byte[]? _keyHash;

    public ApiKeyFilter(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _keyHash = options.ApiKey is { } key ? SHA256.HashData(Encoding.UTF8.GetBytes(key)) : null;
    }

    public bool IsKeyRequired => _keyHash is not null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (_keyHash is null || Matches(context.HttpContext.Request))
        {
            return await next(context);
        }

        return ApiResults.From(ApiResponse.Problem(
            HttpStatusCode.Unauthorized,
            "unauthorized",
            HeaderName,
            $"missing or wrong API key: send the host's key ({ServeOptions.ApiKeySetting}) as the {HeaderName} header or the {QueryName} query parameter"));
    }

    private bool Matches(HttpRequest request)
    {
        var given = request.Headers[HeaderName].FirstOrDefault() ?? request.Query[QueryName].FirstOrDefault();
        return !string.IsNullOrEmpty(given)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), _keyHash);
    }
}
