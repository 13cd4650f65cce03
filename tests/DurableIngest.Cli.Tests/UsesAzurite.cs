using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests;

/// <summary>Every test class that talks to Azurite joins this collection and shares one server.</summary>
[CollectionDefinition(AzuriteFixture.Collection)]
public sealed class UsesAzurite : ICollectionFixture<AzuriteFixture>;
