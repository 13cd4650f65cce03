using DurableIngest.Testing;

namespace DurableIngest.DurableTask.Tests;

/// <summary>Every test class that talks to PostgreSQL joins this collection and shares one server.</summary>
[CollectionDefinition(PostgresServerFixture.Collection)]
public sealed class UsesPostgres : ICollectionFixture<PostgresServerFixture>;
