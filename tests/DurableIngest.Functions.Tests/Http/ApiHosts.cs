using DurableIngest.Connectors;

namespace DurableIngest.Functions.Tests.Http;

/// <summary>The hosts that answer the ingest API, by name (xunit theories take the name).</summary>
internal static class ApiHosts
{
    public const string Serve = "serve";
    public const string Functions = "functions";

    public static TheoryData<string> Both => new(Serve, Functions);

    /// <param name="connectors">Replaces the host's own connectors when given (a scripted source, say); null keeps the host's.</param>
    public static async Task<IIngestApiHost> StartAsync(string name, ConnectorRegistry? connectors) => name switch
    {
        Serve => await ServeApiHost.StartAsync(connectors),
        Functions => await FunctionsApiHost.StartAsync(connectors),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such host"),
    };
}
