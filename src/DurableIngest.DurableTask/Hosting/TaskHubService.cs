using DurableTask.AzureStorage;
using Microsoft.Extensions.Logging;

namespace DurableIngest.DurableTask.Hosting;

/// <summary>The engine's Azure Storage backend for a hub, with <see cref="TaskHubOptions"/> applied.</summary>
public static class TaskHubService
{
    /// <summary>The backend's settings from validated <paramref name="options"/>; everything not named here is the engine's default.</summary>
    public static AzureStorageOrchestrationServiceSettings Settings(TaskHubOptions options, TaskHubStorage storage, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        return new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = storage.CreateProvider(),
            WorkerId = options.WorkerId,
            PartitionCount = options.PartitionCount,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            WorkItemQueueVisibilityTimeout = options.TakeoverTime,
            ControlQueueVisibilityTimeout = options.TakeoverTime,
            // The table partition manager (the default) takes leases over as soon as they expire; the blob one refuses leases under 15 s.
            UseTablePartitionManagement = true,
            LeaseInterval = options.TakeoverTime,
            LeaseRenewInterval = options.LeaseRenewInterval,
            LeaseAcquireInterval = options.LeaseRenewInterval,
            LoggerFactory = loggerFactory,
        };
    }

    public static AzureStorageOrchestrationService Create(TaskHubOptions options, TaskHubStorage storage, ILoggerFactory loggerFactory) =>
        new(Settings(options, storage, loggerFactory));
}
