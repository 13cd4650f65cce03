using DurableIngest.Workflow.Orchestration;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Orchestration;

public sealed class ActivityHedgingTests
{
    [Fact]
    public void HedgeAfter_MedianOfSeconds_IsTheMultipleOfTheMedian()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), new ActivityHedging(3).HedgeAfter(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void HedgeAfter_MedianOfMilliseconds_IsNeverBelowTheMinimumRun()
    {
        // Three times 2 ms is scheduling noise, not a straggler.
        Assert.Equal(ActivityHedging.MinimumRun, new ActivityHedging(3).HedgeAfter(TimeSpan.FromMilliseconds(2)));
    }
}
