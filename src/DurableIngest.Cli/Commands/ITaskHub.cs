using DurableIngest.Http;
using DurableIngest.RunStore;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// A task hub a command named, as the commands that only read and control its runs (status, runs, terminate, purge,
/// serve) see it; its Durable Task implementation is in the JIT build only (<see cref="TaskHubSupport"/>).
/// </summary>
internal interface ITaskHub : IDisposable
{
    /// <summary>The hub's name (<c>--task-hub</c>).</summary>
    string Name { get; }

    /// <summary>The hub for messages: its name, the account's endpoint and how it is reached (never a key).</summary>
    string Description { get; }

    /// <summary>The blob container of the run store the hub's workers share.</summary>
    string RunStoreContainer { get; }

    IRunStore Store { get; }

    /// <summary>A client of the hub: status, list, terminate and purge runs.</summary>
    IRunControl CreateControl(TimeProvider time, ILoggerFactory loggerFactory);
}
