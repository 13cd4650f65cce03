using Xunit;

namespace DurableIngest.Testing;

/// <summary>
/// xunit fixture for the process-wide <see cref="PostgresServer"/>. A test project declares
/// <c>[CollectionDefinition(PostgresServerFixture.Collection)] public sealed class PostgresServerCollectionDefinition : ICollectionFixture&lt;PostgresServerFixture&gt;;</c>
/// and marks its classes <c>[Collection(PostgresServerFixture.Collection)]</c>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string Collection = "PostgreSQL server";

    private PostgresServer? _server;
    private int _databases;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("the PostgreSQL fixture is not initialized");

    /// <summary>Creates a fresh database with a unique name starting with <paramref name="prefix"/>.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databases)}";
        await Server.CreateDatabaseAsync(name, cancellationToken);
        return name;
    }

    public async Task InitializeAsync() => _server = await PostgresServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
