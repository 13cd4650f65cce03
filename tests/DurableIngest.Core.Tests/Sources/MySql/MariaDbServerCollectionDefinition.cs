using DurableIngest.Testing;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.MySql;

[CollectionDefinition(MariaDbServerFixture.Collection)]
public sealed class MariaDbServerCollectionDefinition : ICollectionFixture<MariaDbServerFixture>;
