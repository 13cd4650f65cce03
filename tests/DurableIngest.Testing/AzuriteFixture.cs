namespace DurableIngest.Testing;

/// <summary>
/// The xunit collection fixture for tests that talk to Azurite: it hands out the process-wide
/// <see cref="AzuriteServer.Shared"/>, which outlives the collection (other collections may use it too).
/// Each test assembly declares <c>[CollectionDefinition(AzuriteFixture.Collection)]</c> with <c>ICollectionFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public sealed class AzuriteFixture
{
    public const string Collection = "Azurite";

    // Started here, so a server that cannot start fails the whole collection with its reason.
    public AzuriteFixture() => Server = AzuriteServer.Shared;

    public AzuriteServer Server { get; }
}
