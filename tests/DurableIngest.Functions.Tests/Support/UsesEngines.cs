using DurableIngest.Testing;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>Tests that need the real servers (Azurite for the Functions app's run store, PostgreSQL as a source).</summary>
[CollectionDefinition(Name)]
public sealed class UsesEngines : ICollectionFixture<AzuriteFixture>, ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "Engines";
}
