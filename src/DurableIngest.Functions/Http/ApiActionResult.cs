using DurableIngest.Http;
using Microsoft.AspNetCore.Mvc;

namespace DurableIngest.Functions.Http;

/// <summary>Writes one of the ingest API's answers (<see cref="ApiResponse"/>) through the Functions host's ASP.NET Core integration.</summary>
internal sealed class ApiActionResult(ApiResponse response) : IActionResult
{
    public ApiResponse Response { get; } = response;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext.Response;
        http.StatusCode = (int)Response.Status;
        foreach (var (name, value) in Response.Headers)
        {
            http.Headers[name] = value;
        }

        http.ContentType = Response.ContentType;
        await http.Body.WriteAsync(Response.Body, context.HttpContext.RequestAborted);
    }
}
