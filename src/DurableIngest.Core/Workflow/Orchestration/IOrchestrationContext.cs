namespace DurableIngest.Workflow.Orchestration;

/// <summary>
/// The small port the ingestion orchestration is written against. The local runtime implements it with a journal;
/// the Azure Functions shell implements it over Durable Task's <c>TaskOrchestrationContext</c>.
/// Everything behind it must be replay-safe: the orchestration makes the same calls in the same order every time.
/// </summary>
public interface IOrchestrationContext
{
    string InstanceId { get; }

    /// <summary>The orchestration's deterministic notion of "now" (replayed from history, never the wall clock).</summary>
    DateTime CurrentUtcDateTime { get; }

    /// <summary>
    /// Schedules an activity and retries it per <paramref name="retryPolicy"/>. When every attempt fails, the await
    /// throws <see cref="ActivityFailedException"/>. With <paramref name="hedging"/>, a runtime that can cancel an attempt
    /// starts a second one beside an attempt that runs far longer than usual (see <see cref="ActivityHedging"/>).
    /// </summary>
    Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null);

    /// <summary>Publishes progress for status queries. Must be small and contain no secrets.</summary>
    void SetCustomStatus(object? status);
}
