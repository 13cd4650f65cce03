namespace DurableIngest.Secrets;

/// <summary>A workflow file's text safe to store, and the literal secrets taken out of it (placeholder name → value).</summary>
public sealed record ScrubbedConfig(string Text, IReadOnlyDictionary<string, string> Secrets);
