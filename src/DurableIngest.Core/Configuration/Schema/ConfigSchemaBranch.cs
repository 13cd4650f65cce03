namespace DurableIngest.Configuration.Schema;

/// <summary>
/// The keys read only for one value of a discriminating key (<c>source.type: postgres</c>): they apply to a file
/// whose <see cref="Discriminator"/> is <see cref="Value"/>.
/// </summary>
public sealed record ConfigSchemaBranch(IReadOnlyList<string> Discriminator, string Value)
{
    public ConfigSchemaNode Root { get; } = new();
}
