using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

/// <summary>Creates the feature schemas once per test class and ingests them once with default options.</summary>
public sealed class MySqlFeatureFixture : IAsyncLifetime
{
    private static int _instances;

    public MariaDbServer Server { get; private set; } = null!;

    public string App { get; private set; } = string.Empty;

    public string Other { get; private set; } = string.Empty;

    public string Unicode { get; private set; } = string.Empty;

    public DiscoveryResult Discovery { get; private set; } = null!;

    public IReadOnlyList<EntityReadResult> Results { get; private set; } = [];

    /// <summary>Every schema of the fixture, no other.</summary>
    public string Yaml(string connectionExtra = "", string sourceConfigExtra = "") =>
        MySqlHarness.Workflow(Server, null, connectionExtra, $"""
            schemaFilterPattern:
              includes: ["^{App}$", "^{Other}$", "^{Unicode}$"]
            {sourceConfigExtra}
            """);

    public EntityReadResult Result(string schema, string name) => Results.Single(r => r.Entity.Schema == schema && r.Entity.Name == name);

    public TableMetadata Table(string schema, string name) =>
        Result(schema, name).Table ?? throw new InvalidOperationException($"{schema}.{name} failed: {Result(schema, name).Failure}");

    public async Task InitializeAsync()
    {
        Server = await MariaDbServer.SharedAsync();
        var n = Interlocked.Increment(ref _instances);
        var suffix = $"{n}_{Guid.NewGuid():N}"[..8];
        (App, Other, Unicode) = ($"feat_app_{suffix}", $"feat_other_{suffix}", $"ünïcødé_{suffix}");
        foreach (var schema in new[] { App, Other, Unicode })
        {
            await Server.CreateSchemaAsync(schema);
        }

        await Server.ExecuteAsync(null, MySqlFeatureDatabase.Sql(App, Other, Unicode));
        (Discovery, Results) = await SourceHarness.RunAsync(Yaml(), chunkSize: 7);
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
