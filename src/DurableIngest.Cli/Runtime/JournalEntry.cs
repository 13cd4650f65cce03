using System.Text.Json;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// One completed activity call, recorded before the orchestration observes it: its step number, name, a hash of its
/// input (to detect an orchestration that asks for something else on replay), and its output or final failure.
/// </summary>
public sealed record JournalEntry(
    int Sequence,
    string Activity,
    string InputHash,
    DateTime CompletedAt,
    int Attempts,
    JsonElement? Output,
    JournalFailure? Failure);

/// <summary>The last error of an activity that failed on every attempt.</summary>
public sealed record JournalFailure(string ErrorType, string Message);
