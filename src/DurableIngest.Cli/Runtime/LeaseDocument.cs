namespace DurableIngest.Cli.Runtime;

/// <summary><c>lease.json</c>: who holds a run (<see cref="RunLease"/>) and until when.</summary>
internal sealed record LeaseDocument(string Owner, string Host, int ProcessId, DateTime ExpiresAt);
