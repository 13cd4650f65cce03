using DurableIngest.DurableTask;
using DurableIngest.DurableTask.Client;
using DurableIngest.DurableTask.Hosting;
using DurableIngest.Http;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>A task hub a command named: its options, its storage and the run store its workers share.</summary>
internal sealed class OpenedTaskHub(TaskHubOptions options, TaskHubStorage storage) : ITaskHub
{
    private readonly BlobRunStore _store = new(storage.Account, options.RunStoreContainer);

    public TaskHubOptions Options { get; } = options;

    public TaskHubStorage Storage { get; } = storage;

    public IRunStore Store => _store;

    public string Name => Options.TaskHubName;

    public string RunStoreContainer => Options.RunStoreContainer;

    public string Description => $"task hub '{Options.TaskHubName}' at {Storage}";

    /// <summary>A client of the hub: start, follow, list, terminate and purge runs.</summary>
    public TaskHubRunControl CreateControl(TimeProvider time, ILoggerFactory loggerFactory) =>
        new(TaskHubService.Create(Options, Storage, loggerFactory), Store, time);

    IRunControl ITaskHub.CreateControl(TimeProvider time, ILoggerFactory loggerFactory) => CreateControl(time, loggerFactory);

    public void Dispose() => _store.Dispose();
}
