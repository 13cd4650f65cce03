using DurableIngest.Core.Tests.Support;
using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

/// <summary>Creates the feature database once per test class and ingests it once with default options.</summary>
public sealed class FeatureDatabaseFixture : IAsyncLifetime
{
    private static int _instances;

    public PostgresServer Server { get; private set; } = null!;

    public string Database { get; private set; } = string.Empty;

    public DiscoveryResult Discovery { get; private set; } = null!;

    public IReadOnlyList<EntityReadResult> Results { get; private set; } = [];

    public string Yaml(string connectionExtra = "", string sourceConfigExtra = "") =>
        PostgresHarness.Workflow(Server, Database, connectionExtra, sourceConfigExtra);

    public TableMetadata Table(string schema, string name) =>
        Results.Single(r => r.Entity.Schema == schema && r.Entity.Name == name).Table
        ?? throw new InvalidOperationException($"{schema}.{name} failed: {Results.Single(r => r.Entity.Schema == schema && r.Entity.Name == name).Failure}");

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        Database = $"features_{Interlocked.Increment(ref _instances)}_{Guid.NewGuid():N}"[..24];
        await Server.CreateDatabaseAsync(Database);
        await Server.ExecuteAsync(Database, FeatureDatabase.Sql());
        (Discovery, Results) = await SourceHarness.RunAsync(Yaml());
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
