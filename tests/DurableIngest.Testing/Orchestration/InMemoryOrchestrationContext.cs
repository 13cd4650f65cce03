using System.Text.Json;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Testing.Orchestration;

/// <summary>
/// The orchestration port with no journal and no engine, for testing the workflow itself in-process: activities run
/// here, their inputs and outputs through JSON as on every runtime; a failed attempt is retried as the call's
/// <see cref="ActivityRetryPolicy"/> says, on virtual time (the delay advances the fake clock, nothing sleeps), and the
/// last failure surfaces as <see cref="ActivityFailedException"/> exactly as the runtimes report it. Every attempt,
/// every custom status and the most activities ever in flight at once are recorded.
/// </summary>
public sealed class InMemoryOrchestrationContext : IOrchestrationContext
{
    private readonly Dictionary<string, Func<JsonElement, Task<JsonElement>>> _activities = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly List<ActivityAttempt> _attempts = [];
    private readonly List<object?> _statuses = [];
    private readonly FakeTimeProvider _time;
    private int _inFlight;
    private int _maxInFlight;

    public InMemoryOrchestrationContext(string instanceId, FakeTimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentNullException.ThrowIfNull(time);
        InstanceId = instanceId;
        _time = time;
    }

    public string InstanceId { get; }

    public DateTime CurrentUtcDateTime => _time.GetUtcNow().UtcDateTime;

    /// <summary>Every attempt of every activity call, in the order they started.</summary>
    public IReadOnlyList<ActivityAttempt> Attempts
    {
        get
        {
            lock (_lock)
            {
                return [.. _attempts];
            }
        }
    }

    /// <summary>Every custom status the orchestration published, in order.</summary>
    public IReadOnlyList<object?> Statuses
    {
        get
        {
            lock (_lock)
            {
                return [.. _statuses];
            }
        }
    }

    /// <summary>The most activity attempts that were running at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Registers (or replaces) an activity.</summary>
    public InMemoryOrchestrationContext Register<TInput, TOutput>(string name, Func<TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        _activities[name] = async input =>
        {
            var typed = input.Deserialize<TInput>(RunStoreJson.Options)
                ?? throw new InvalidOperationException($"Activity '{name}' got a null input.");
            return JsonSerializer.SerializeToElement(await activity(typed), RunStoreJson.Options);
        };
        return this;
    }

    /// <summary>Registers the workflow's three activities, served by <paramref name="activities"/>.</summary>
    public InMemoryOrchestrationContext RegisterActivities(IngestionActivities activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        return Register<DiscoverInput, DiscoveryOutcome>(ActivityNames.Discover, input => activities.DiscoverAsync(input, CancellationToken.None))
            .Register<ChunkInput, ChunkOutcome>(ActivityNames.ProcessChunk, input => activities.ProcessChunkAsync(input, CancellationToken.None))
            .Register<CompleteInput, RunResult>(ActivityNames.Complete, input => activities.CompleteAsync(input, CancellationToken.None));
    }

    public void SetCustomStatus(object? status)
    {
        lock (_lock)
        {
            _statuses.Add(status);
        }
    }

    public async Task<TResult> CallActivityAsync<TResult>(string name, object input, ActivityRetryPolicy? retryPolicy = null, ActivityHedging? hedging = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!_activities.TryGetValue(name, out var activity))
        {
            throw new InvalidOperationException($"No activity named '{name}' is registered.");
        }

        var json = JsonSerializer.SerializeToElement(input, input.GetType(), RunStoreJson.Options);
        var firstAttemptAt = _time.GetUtcNow();
        var delay = TimeSpan.Zero;
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            Started(new ActivityAttempt(name, input, attempt, CurrentUtcDateTime, delay, hedging));
            try
            {
                var output = await activity(json);
                return output.Deserialize<TResult>(RunStoreJson.Options)!;
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }

            if (retryPolicy is null || attempt >= retryPolicy.MaxAttempts || _time.GetUtcNow() - firstAttemptAt >= retryPolicy.RetryTimeout)
            {
                throw ActivityFailedException.FromFailureDetails(name, failure.GetType().FullName!, failure.Message);
            }

            delay = retryPolicy.DelayBeforeRetry(attempt);
            _time.Advance(delay);
        }
    }

    private void Started(ActivityAttempt attempt)
    {
        lock (_lock)
        {
            _attempts.Add(attempt);
            _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
        }
    }
}
