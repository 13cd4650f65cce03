using DurableIngest.Configuration;

namespace DurableIngest.Workflow.Orchestration;

/// <summary>
/// Retry options for one activity call, shaped exactly like Durable Task's <c>RetryPolicy</c>
/// (maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, maxRetryInterval, retryTimeout).
/// </summary>
public sealed record ActivityRetryPolicy(
    int MaxAttempts,
    TimeSpan FirstRetryInterval,
    double BackoffCoefficient,
    TimeSpan MaxRetryInterval,
    TimeSpan RetryTimeout)
{
    public static ActivityRetryPolicy From(RetryPolicyOptions retry, int timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(retry);
        return new ActivityRetryPolicy(
            retry.MaxAttempts,
            TimeSpan.FromSeconds(retry.BackoffSeconds),
            retry.BackoffFactor,
            TimeSpan.FromSeconds(retry.MaxBackoffSeconds),
            TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>The delay before retry number <paramref name="retry"/> (1-based), as Durable Task computes it.</summary>
    public TimeSpan DelayBeforeRetry(int retry)
    {
        var seconds = FirstRetryInterval.TotalSeconds * Math.Pow(BackoffCoefficient, retry - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryInterval.TotalSeconds));
    }
}
