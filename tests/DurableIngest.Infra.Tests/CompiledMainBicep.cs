using System.Text.Json.Nodes;

namespace DurableIngest.Infra;

/// <summary>
/// infra/main.bicep compiled once per test run by <c>bicep build</c> into a temporary folder (never into the repository),
/// with the exit code and everything the compiler printed.
/// </summary>
public sealed class CompiledMainBicep : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("durable-ingest-bicep-").FullName;
    private JsonObject? _template;

    public static string Source => Path.Combine(Repository.Infra, "main.bicep");

    public string Folder => _folder;

    public int ExitCode { get; private set; }

    /// <summary>stdout and stderr together; Bicep prints each diagnostic (error, warning, info) on its own line.</summary>
    public string Diagnostics { get; private set; } = "";

    /// <summary>The ARM JSON that the build wrote; fails the calling test with the compiler's output if there is none.</summary>
    public JsonObject Template => _template
        ?? throw new InvalidOperationException($"bicep build exited {ExitCode} without a template:\n{Diagnostics}");

    public async Task InitializeAsync()
    {
        var output = Path.Combine(_folder, "main.json");
        var result = await BicepCli.RunAsync(_folder, "build", Source, "--outfile", output, "--no-restore");
        ExitCode = result.ExitCode;
        Diagnostics = (result.Output + result.Error).Trim();
        if (File.Exists(output))
        {
            _template = JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The resources of one type (the compiled template keeps them in an array: no symbolic names).</summary>
    public IReadOnlyList<JsonObject> Resources(string type) =>
        Template["resources"]!.AsArray().Select(resource => resource!.AsObject())
            .Where(resource => (string?)resource["type"] == type).ToList();

    public JsonObject OnlyResource(string type)
    {
        var resources = Resources(type);
        Assert.True(resources.Count == 1, $"expected one {type}, found {resources.Count}");
        return resources[0];
    }

    public JsonObject Variable(string name) => Template["variables"]![name]!.AsObject();

    public JsonObject Parameter(string name) => Template["parameters"]![name]!.AsObject();
}

[CollectionDefinition(Name)]
public sealed class CompiledMainBicepGroup : ICollectionFixture<CompiledMainBicep>
{
    public const string Name = "infra/main.bicep";
}
