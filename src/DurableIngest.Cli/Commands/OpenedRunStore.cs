using DurableIngest.Configuration;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Commands;

/// <summary>A run store a command opened, with the options that named it (to describe it in messages).</summary>
internal sealed class OpenedRunStore(IRunStore store, RunStoreOptions options) : IDisposable
{
    public IRunStore Store { get; } = store;

    public RunStoreOptions Options { get; } = options;

    /// <summary>The folder, or the container and endpoint; never a key.</summary>
    public string Description => RunStoreArguments.Describe(Options);

    /// <summary>Arguments naming this store again, for hints (a blob store's connection comes from the setting).</summary>
    public string Hint => RunStoreArguments.Hint(Options);

    public void Dispose() => (Store as IDisposable)?.Dispose();
}
