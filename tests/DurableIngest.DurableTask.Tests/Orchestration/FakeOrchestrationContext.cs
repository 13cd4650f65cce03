using DurableTask.Core;

namespace DurableIngest.DurableTask.Tests.Orchestration;

/// <summary>An engine context that records what the adapter schedules and answers with what a test scripts.</summary>
internal sealed class FakeOrchestrationContext : OrchestrationContext
{
    public FakeOrchestrationContext(string instanceId, DateTime now)
    {
        OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = "1" };
        Now = now;
    }

    public DateTime Now { get; }

    public override DateTime CurrentUtcDateTime => Now;

    public List<(string Name, RetryOptions? Retry, object[] Parameters)> Scheduled { get; } = [];

    /// <summary>What every scheduled activity completes with (or throws); default: never completes.</summary>
    public Func<string, Task<object?>> Answer { get; set; } = _ => new TaskCompletionSource<object?>().Task;

    public override async Task<T> ScheduleWithRetry<T>(string name, string version, RetryOptions retryOptions, params object[] parameters)
    {
        Scheduled.Add((name, retryOptions, parameters));
        return (T)(await Answer(name))!;
    }

    public override async Task<TResult> ScheduleTask<TResult>(string name, string version, params object[] parameters)
    {
        Scheduled.Add((name, null, parameters));
        return (TResult)(await Answer(name))!;
    }

    public override Task<T> CreateTimer<T>(DateTime fireAt, T state) => throw new NotSupportedException();

    public override Task<T> CreateTimer<T>(DateTime fireAt, T state, CancellationToken cancelToken) => throw new NotSupportedException();

    public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, object input) => throw new NotSupportedException();

    public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, string instanceId, object input) => throw new NotSupportedException();

    public override Task<T> CreateSubOrchestrationInstance<T>(string name, string version, string instanceId, object input, IDictionary<string, string> tags) =>
        throw new NotSupportedException();

    public override void SendEvent(OrchestrationInstance orchestrationInstance, string eventName, object eventData) => throw new NotSupportedException();

    public override void ContinueAsNew(object input) => throw new NotSupportedException();

    public override void ContinueAsNew(string newVersion, object input) => throw new NotSupportedException();
}
