using DurableIngest.Http;
using Microsoft.AspNetCore.Http;

namespace DurableIngest.Cli.Hosting;

/// <summary>Writes the ingest API's answers (<see cref="ApiResponse"/>) through ASP.NET Core.</summary>
internal static class ApiResults
{
    public static IResult From(ApiResponse response) => new ApiResult(response);

    private sealed class ApiResult(ApiResponse response) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var http = httpContext.Response;
            http.StatusCode = (int)response.Status;
            foreach (var (name, value) in response.Headers)
            {
                http.Headers[name] = value;
            }

            http.ContentType = response.ContentType;
            await http.Body.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
