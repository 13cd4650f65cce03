namespace DurableIngest.Cli.Runtime;

/// <summary>A run's journal: completed steps by number, and the segments whose torn last line was dropped.</summary>
internal sealed record Journal(IReadOnlyDictionary<int, JournalEntry> Entries, IReadOnlyList<string> TornTails);
