using DurableIngest.Workflow.Orchestration;
using Microsoft.DurableTask;

namespace DurableIngest.Functions.Orchestration;

/// <summary>
/// The orchestration port over Durable Task's <see cref="TaskOrchestrationContext"/>: pure delegation, so it is as
/// replay-safe as the context itself. Retries are Durable Task's own (recorded in history), from the same
/// <see cref="ActivityRetryPolicy"/> the local runtime uses.
/// </summary>
internal sealed class DurableOrchestrationContextAdapter : IOrchestrationContext
{
    private readonly TaskOrchestrationContext _context;

    public DurableOrchestrationContextAdapter(TaskOrchestrationContext context) => _context = context;

    public string InstanceId => _context.InstanceId;

    public DateTime CurrentUtcDateTime => _context.CurrentUtcDateTime;

    public void SetCustomStatus(object? status) => _context.SetCustomStatus(status);

    // No hedging: an orchestration cannot cancel an activity it scheduled, and a loser left running would hold its worker.
    public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null)
    {
        var options = retryPolicy is null ? null : TaskOptions.FromRetryPolicy(ToRetryPolicy(retryPolicy));
        try
        {
            return await _context.CallActivityAsync<TResult>(name, input, options);
        }
        catch (TaskFailedException e)
        {
            throw ActivityFailedException.FromFailureDetails(name, e.FailureDetails.ErrorType, e.FailureDetails.ErrorMessage);
        }
    }

    /// <summary>Same fields, same meaning; the YAML is validated by Durable Task's own rules, so this never throws.</summary>
    internal static RetryPolicy ToRetryPolicy(ActivityRetryPolicy policy) =>
        new(policy.MaxAttempts, policy.FirstRetryInterval, policy.BackoffCoefficient, policy.MaxRetryInterval, policy.RetryTimeout);
}
