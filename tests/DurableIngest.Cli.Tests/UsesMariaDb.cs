using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests;

/// <summary>Every test class that talks to MariaDB joins this collection and shares one server.</summary>
[CollectionDefinition(MariaDbServerFixture.Collection)]
public sealed class UsesMariaDb : ICollectionFixture<MariaDbServerFixture>;
