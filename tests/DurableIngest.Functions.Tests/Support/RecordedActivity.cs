namespace DurableIngest.Functions.Tests.Support;

/// <summary>One activity invocation as the engine saw it: what went into the history and what came back.</summary>
internal sealed record RecordedActivity(string Name, string InstanceId, object? Input, object? Output, Exception? Failure);
