using DurableIngest.Workflow.Orchestration;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace DurableIngest.DurableTask.Orchestration;

/// <summary>
/// The orchestration port over the Durable Task Framework's <see cref="OrchestrationContext"/>: pure delegation, so it
/// is as replay-safe as the context itself. Retries are the engine's own (recorded in history), from the same
/// <see cref="ActivityRetryPolicy"/> the other runtimes use. Custom status is kept here and read by the engine after
/// each step (<see cref="IngestionTaskOrchestration"/>).
/// </summary>
internal sealed class DurableTaskOrchestrationContextAdapter : IOrchestrationContext
{
    private readonly OrchestrationContext _context;

    public DurableTaskOrchestrationContextAdapter(OrchestrationContext context) => _context = context;

    public string InstanceId => _context.OrchestrationInstance.InstanceId;

    public DateTime CurrentUtcDateTime => _context.CurrentUtcDateTime;

    /// <summary>The last status the orchestration published; the engine stores it with each checkpoint.</summary>
    public object? CustomStatus { get; private set; }

    public void SetCustomStatus(object? status) => CustomStatus = status;

    // No hedging: an orchestration cannot cancel an activity it scheduled, and a loser left running would hold its worker.
    public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null)
    {
        try
        {
            return retryPolicy is null
                ? await _context.ScheduleTask<TResult>(name, string.Empty, input)
                : await _context.ScheduleWithRetry<TResult>(name, string.Empty, ToRetryOptions(retryPolicy), input);
        }
        catch (TaskFailedException e)
        {
            // The worker propagates failure details (ErrorPropagationMode.UseFailureDetails): type name and masked message.
            var details = e.FailureDetails;
            throw ActivityFailedException.FromFailureDetails(name, details?.ErrorType ?? nameof(Exception), details?.ErrorMessage ?? e.Message);
        }
    }

    /// <summary>Same fields, same meaning as the Functions host's <c>RetryPolicy</c>.</summary>
    internal static RetryOptions ToRetryOptions(ActivityRetryPolicy policy) =>
        new(policy.FirstRetryInterval, policy.MaxAttempts)
        {
            BackoffCoefficient = policy.BackoffCoefficient,
            MaxRetryInterval = policy.MaxRetryInterval,
            RetryTimeout = policy.RetryTimeout,
        };
}
