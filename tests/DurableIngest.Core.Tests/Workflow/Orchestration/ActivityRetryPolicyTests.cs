using DurableIngest.Configuration;
using DurableIngest.Workflow.Orchestration;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Orchestration;

public sealed class ActivityRetryPolicyTests
{
    [Fact]
    public void DelayBeforeRetry_Backoff_GrowsByTheCoefficientUpToTheMaximum()
    {
        var policy = new ActivityRetryPolicy(6, TimeSpan.FromSeconds(0.5), 2, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10));

        Assert.Equal([0.5, 1, 2, 3, 3], Enumerable.Range(1, 5).Select(retry => policy.DelayBeforeRetry(retry).TotalSeconds));
    }

    [Fact]
    public void DelayBeforeRetry_CoefficientOne_IsConstant()
    {
        var policy = new ActivityRetryPolicy(4, TimeSpan.FromSeconds(2), 1, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

        Assert.Equal([2, 2, 2], Enumerable.Range(1, 3).Select(retry => policy.DelayBeforeRetry(retry).TotalSeconds));
    }

    [Fact]
    public void From_RetryOptionsAndTimeout_MapsEveryField()
    {
        var options = new RetryPolicyOptions { MaxAttempts = 5, BackoffSeconds = 1.5, BackoffFactor = 3, MaxBackoffSeconds = 20 };

        var policy = ActivityRetryPolicy.From(options, timeoutSeconds: 600);

        Assert.Equal(new ActivityRetryPolicy(5, TimeSpan.FromSeconds(1.5), 3, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(600)), policy);
    }
}
