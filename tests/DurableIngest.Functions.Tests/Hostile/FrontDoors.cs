using DurableIngest.Functions.Tests.Http;
using DurableIngest.Testing;

namespace DurableIngest.Functions.Tests.Hostile;

/// <summary>
/// The three front doors a workflow arrives through, started once for the hostile-input tests: a folder for the CLI's
/// files, <c>durable-ingest serve</c> over HTTP, and the Functions app's HTTP functions on the Durable Task engine. Both
/// hosts run with their own connectors, so their path rules are their own.
/// </summary>
public sealed class FrontDoors : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("di-hostile-").FullName;

    internal IReadOnlyList<HostileInput> Cases { get; private set; } = [];

    internal IIngestApiHost Serve { get; private set; } = null!;

    internal IIngestApiHost Functions { get; private set; } = null!;

    internal HostileInput Case(string name) => Cases.Single(c => c.Name == name);

    internal IIngestApiHost Host(string name) => name == ApiHosts.Serve ? Serve : Functions;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(CliProcess.RepositoryRoot, "examples", "warehouse.db"), Path.Combine(Root, "warehouse.db"));
        Cases = HostileInputs.For(Root);
        Serve = await ServeApiHost.StartAsync(connectors: null, requestTimeout: TimeSpan.FromSeconds(2));
        Functions = await FunctionsApiHost.StartAsync(connectors: null, requestTimeout: TimeSpan.FromSeconds(2));
    }

    public async Task DisposeAsync()
    {
        await Serve.DisposeAsync();
        await Functions.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
