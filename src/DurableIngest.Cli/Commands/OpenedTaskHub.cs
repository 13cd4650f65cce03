using DurableIngest.DurableTask;
using DurableIngest.DurableTask.Client;
using DurableIngest.DurableTask.Hosting;
using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>A task hub a command named: its options, its storage and the run store its workers share.</summary>
internal sealed class OpenedTaskHub(TaskHubOptions options, TaskHubStorage storage) : IDisposable
{
    private readonly BlobRunStore _store = new(storage.Account, options.RunStoreContainer);

    public TaskHubOptions Options { get; } = options;

    public TaskHubStorage Storage { get; } = storage;

    public IRunStore Store => _store;

    /// <summary>The hub for messages: its name, the account's endpoint and how it is reached (never a key).</summary>
    public string Description => $"task hub '{Options.TaskHubName}' at {Storage}";

    /// <summary>A client of the hub: start, follow, list, terminate and purge runs.</summary>
    public TaskHubRunControl CreateControl(TimeProvider time, ILoggerFactory loggerFactory) =>
        new(TaskHubService.Create(Options, Storage, loggerFactory), Store, time);

    public void Dispose() => _store.Dispose();
}
