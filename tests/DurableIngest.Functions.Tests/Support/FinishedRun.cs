using DurableIngest.Workflow;

namespace DurableIngest.Functions.Tests.Support;

/// <summary>
/// How a run ended, in terms both runtimes share: the runtime's status (Durable's names), the workflow's result when the
/// orchestration returned one, the error when it did not, and the serialized orchestration payloads a backend stores.
/// </summary>
internal sealed record FinishedRun(string RunId, string RuntimeStatus, RunResult? Result, string? Error, IReadOnlyList<string> StoredPayloads);
