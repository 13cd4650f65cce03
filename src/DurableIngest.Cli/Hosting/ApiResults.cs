using DurableIngest.Configuration;
using DurableIngest.Http;
using DurableIngest.RunStore;
using Microsoft.AspNetCore.Http;

namespace DurableIngest.Cli.Hosting;

/// <summary>JSON responses in the run store's style (camelCase, enums as names), as the Azure Functions app answers.</summary>
internal static class ApiResults
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public static IResult Json<T>(int status, T body) => Results.Json(body, RunStoreJson.Indented, JsonContentType, status);

    /// <summary>An error in the shape of a refused workflow: what is wrong, and the one problem with its path.</summary>
    public static IResult Problem(int status, string error, string path, string message) =>
        Json(status, new IngestErrorDocument(error, [new ConfigProblem(path, message)]));
}
