using DurableIngest.DurableTask.Orchestration;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using DurableTask.Core;
using DurableTask.Core.Exceptions;

namespace DurableIngest.DurableTask.Tests.Orchestration;

public sealed class DurableTaskOrchestrationContextAdapterTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ActivityRetryPolicy Policy = new(5, TimeSpan.FromSeconds(2), 1.5, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(600));

    [Fact]
    public void Properties_Delegate_InstanceIdAndReplaySafeTimeFromTheEngine()
    {
        var adapter = new DurableTaskOrchestrationContextAdapter(new FakeOrchestrationContext("run-1", Now));

        Assert.Equal("run-1", adapter.InstanceId);
        Assert.Equal(Now, adapter.CurrentUtcDateTime);
    }

    [Fact]
    public async Task CallActivityAsync_WithPolicy_SchedulesWithTheEnginesRetryOptionsFromTheSamePolicy()
    {
        var engine = new FakeOrchestrationContext("run-1", Now) { Answer = _ => Task.FromResult<object?>(new ChunkOutcome(3, 10, 0, 10, 0, 0, 0)) };
        var adapter = new DurableTaskOrchestrationContextAdapter(engine);

        var outcome = await adapter.CallActivityAsync<ChunkOutcome>(ActivityNames.ProcessChunk, new ChunkInput("run-1", 3), Policy);

        Assert.Equal(10, outcome.Succeeded);
        var (name, retry, parameters) = Assert.Single(engine.Scheduled);
        Assert.Equal(ActivityNames.ProcessChunk, name);
        Assert.Equal(new ChunkInput("run-1", 3), Assert.Single(parameters));
        Assert.NotNull(retry);
        Assert.Equal(5, retry.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), retry.FirstRetryInterval);
        Assert.Equal(1.5, retry.BackoffCoefficient);
        Assert.Equal(TimeSpan.FromSeconds(30), retry.MaxRetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(600), retry.RetryTimeout);
    }

    [Fact]
    public async Task CallActivityAsync_WithoutPolicy_SchedulesOnce()
    {
        var engine = new FakeOrchestrationContext("run-1", Now) { Answer = _ => Task.FromResult<object?>("ok") };

        await new DurableTaskOrchestrationContextAdapter(engine).CallActivityAsync<string>("Other", "input");

        Assert.Null(Assert.Single(engine.Scheduled).Retry);
    }

    [Fact]
    public async Task CallActivityAsync_EveryAttemptFailed_ThrowsActivityFailedExceptionWithTheOriginalTypeAndMaskedMessage()
    {
        var failure = new TaskFailedException(1, 1, ActivityNames.ProcessChunk, string.Empty, "failed", null)
        {
            FailureDetails = new FailureDetails("DurableIngest.Failures.RedactedActivityException", "TransientException: connection reset by ***", null, null, false),
        };
        var engine = new FakeOrchestrationContext("run-1", Now) { Answer = _ => Task.FromException<object?>(failure) };
        var adapter = new DurableTaskOrchestrationContextAdapter(engine);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() => adapter.CallActivityAsync<ChunkOutcome>(ActivityNames.ProcessChunk, new ChunkInput("run-1", 0), Policy));

        Assert.Equal(ActivityNames.ProcessChunk, error.ActivityName);
        Assert.Equal("TransientException", error.ErrorType);
        Assert.Equal("connection reset by ***", error.ErrorMessage);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public async Task CallActivityAsync_OtherExceptions_PassThroughUnchanged()
    {
        var engine = new FakeOrchestrationContext("run-1", Now) { Answer = _ => Task.FromException<object?>(new InvalidOperationException("engine")) };

        await Assert.ThrowsAsync<InvalidOperationException>(() => new DurableTaskOrchestrationContextAdapter(engine).CallActivityAsync<string>("A", "x", Policy));
    }

    [Fact]
    public void GetStatus_AfterTheWorkflowPublishedProgress_ReturnsItForTheEngineToStore()
    {
        var orchestration = new IngestionTaskOrchestration();
        var engine = new FakeOrchestrationContext("run-1", Now);
        var request = new IngestionRequest("run-1", 4, 100, Policy, 90);

        var running = orchestration.RunTask(engine, request);

        Assert.False(running.IsCompleted);
        Assert.Equal(ActivityNames.Discover, Assert.Single(engine.Scheduled).Name);
        var status = orchestration.GetStatus();
        Assert.Contains(RunProgress.Discovering, status, StringComparison.Ordinal);
        Assert.Equal(new RunProgress(RunProgress.Discovering, 0, 0, 0, 0, 0, 0), DurableIngest.DurableTask.Client.HubPayloads.Progress(status));
    }
}
