using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

[CollectionDefinition(PostgresServerFixture.Collection)]
public sealed class PostgresServerCollectionDefinition : ICollectionFixture<PostgresServerFixture>;
