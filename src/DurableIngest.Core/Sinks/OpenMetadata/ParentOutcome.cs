namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>Whether a parent (service, database, schema) exists now, and if not, the server's reason.</summary>
internal sealed record ParentOutcome(bool Succeeded, string? FailureMessage = null)
{
    public static ParentOutcome Success { get; } = new(true);

    public static ParentOutcome Failed(string message) => new(false, message);
}
