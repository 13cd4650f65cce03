using DurableIngest.DurableTask.Activities;
using DurableIngest.DurableTask.Orchestration;
using DurableIngest.Workflow;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace DurableIngest.DurableTask.Hosting;

/// <summary>
/// One worker process's share of a task hub: the ingestion orchestration and its activities on a
/// <see cref="TaskHubWorker"/>, over the activities of the host's composition (<c>AddDurableIngest</c>). Any number of
/// them, on any number of machines, share a hub. <see cref="StopAsync"/> is graceful: the engine stops taking work,
/// lets the work items in flight finish and releases its partitions, so the other workers carry on at once.
/// </summary>
public sealed class IngestionWorker : IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly CancellationTokenSource _abort = new();
    private readonly ILogger _logger;
    private bool _started;

    private IngestionWorker(AzureStorageOrchestrationService service, TaskHubWorker worker, ILogger logger)
    {
        _service = service;
        _worker = worker;
        _logger = logger;
    }

    public TaskHubOptions Options { get; private init; } = null!;

    /// <summary>A worker for <paramref name="options"/>' hub (not started). Throws <see cref="Configuration.ConfigException"/> for invalid options.</summary>
    public static IngestionWorker Create(TaskHubOptions options, TaskHubStorage storage, IngestionActivities activities, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(activities);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var service = TaskHubService.Create(options, storage, loggerFactory);
        // Failure details (type name, masked message) reach the orchestration, not serialized exceptions.
        var worker = new TaskHubWorker(service, loggerFactory) { ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails };
        var host = new IngestionWorker(service, worker, loggerFactory.CreateLogger<IngestionWorker>()) { Options = options };
        worker.AddTaskOrchestrations(new IngestionOrchestrationCreator());
        worker.AddTaskActivities([.. IngestionTaskActivities.Create(activities, host._abort.Token)]);
        return host;
    }

    /// <summary>Creates the hub's queues, tables and containers when missing, then starts taking work.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        await _worker.StartAsync().WaitAsync(cancellationToken);
        _started = true;
        _logger.LogInformation(
            "Worker {WorkerId} on task hub {TaskHub}: up to {Activities} activities and {Orchestrations} orchestration steps at once, takeover after {Takeover:0.#} s",
            Options.WorkerId, Options.TaskHubName, Options.MaxConcurrentActivities, Options.MaxConcurrentOrchestrations, Options.TakeoverTime.TotalSeconds);
    }

    /// <summary>
    /// Stops gracefully: no new work, the work in flight finishes, leases are released. When
    /// <paramref name="cancellationToken"/> fires first, the activities still running are cancelled (the engine then
    /// runs them again elsewhere once the takeover time has passed).
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            return;
        }

        _started = false;
        _logger.LogInformation("Worker {WorkerId}: stopping; work in flight finishes, partitions are released", Options.WorkerId);
        using var registration = cancellationToken.Register(_abort.Cancel);
        await _worker.StopAsync(isForced: false);
        _logger.LogInformation("Worker {WorkerId}: stopped", Options.WorkerId);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _worker.Dispose();
        _abort.Dispose();
    }
}
