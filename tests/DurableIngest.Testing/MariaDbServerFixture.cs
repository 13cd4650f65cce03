using Xunit;

namespace DurableIngest.Testing;

/// <summary>
/// xunit fixture for the process-wide <see cref="MariaDbServer"/>. A test project declares
/// <c>[CollectionDefinition(MariaDbServerFixture.Collection)] public sealed class UsesMariaDb : ICollectionFixture&lt;MariaDbServerFixture&gt;;</c>
/// and marks its classes <c>[Collection(MariaDbServerFixture.Collection)]</c>.
/// </summary>
public sealed class MariaDbServerFixture : IAsyncLifetime
{
    public const string Collection = "MariaDB server";

    private MariaDbServer? _server;
    private int _schemas;

    public MariaDbServer Server => _server ?? throw new InvalidOperationException("the MariaDB fixture is not initialized");

    /// <summary>Creates a fresh schema with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateSchemaAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _schemas)}";
        await Server.CreateSchemaAsync(name, cancellationToken);
        return name;
    }

    public async Task InitializeAsync() => _server = await MariaDbServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
