using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Hosting;

[CollectionDefinition(PostgresServerFixture.Collection)]
public sealed class PostgresServerCollectionDefinition : ICollectionFixture<PostgresServerFixture>;
