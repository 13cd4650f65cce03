namespace DurableIngest.Configuration;

/// <summary>
/// <c>workflowConfig.distributedExecution.retryPolicy</c>: how a failed chunk activity is retried.
/// Mirrors Durable Task's <c>RetryPolicy</c> (maxNumberOfAttempts, firstRetryInterval, backoffCoefficient,
/// maxRetryInterval) and is validated by the same rules, so both runtimes accept exactly the same files.
/// </summary>
public sealed record RetryPolicyOptions
{
    /// <summary>Total attempts including the first. Default 3; must be at least 1.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry. Default 2 s; must be greater than 0.</summary>
    public double BackoffSeconds { get; init; } = 2;

    /// <summary>Multiplier applied to the delay after each retry. Default 2; must be at least 1.</summary>
    public double BackoffFactor { get; init; } = 2;

    /// <summary>Upper bound of one delay. Default 60 s; must be at least <see cref="BackoffSeconds"/>.</summary>
    public double MaxBackoffSeconds { get; init; } = 60;

    internal static RetryPolicyOptions Read(ConfigSection section)
    {
        var defaults = new RetryPolicyOptions();
        var options = new RetryPolicyOptions
        {
            MaxAttempts = section.GetInt("maxAttempts", min: 1) ?? defaults.MaxAttempts,
            BackoffSeconds = section.GetDouble("backoffSeconds", above: 0) ?? defaults.BackoffSeconds,
            BackoffFactor = section.GetDouble("backoffFactor", min: 1) ?? defaults.BackoffFactor,
            MaxBackoffSeconds = section.GetDouble("maxBackoffSeconds") ?? defaults.MaxBackoffSeconds,
        };
        if (options.MaxBackoffSeconds < options.BackoffSeconds)
        {
            section.Error(
                section.Has("maxBackoffSeconds") ? "maxBackoffSeconds" : "backoffSeconds",
                $"maxBackoffSeconds ({options.MaxBackoffSeconds}) must be >= backoffSeconds ({options.BackoffSeconds})");
        }

        return options;
    }
}
