using DurableIngest.Configuration;
using DurableIngest.RunStore.Local;

namespace DurableIngest.RunStore;

/// <summary>Opens the run store a configuration (or a command-line flag) names.</summary>
public static class RunStoreFactory
{
    public static IRunStore Create(RunStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Type switch
        {
            RunStoreOptions.LocalType => new LocalDirectoryRunStore(options.Path),
            RunStoreOptions.BlobType => Blob.BlobRunStore.Create(options),
            _ => throw new ConfigException($"workflowConfig.distributedExecution.runStore.type: '{options.Type}' is not supported; use 'local' or 'blob'"),
        };
    }
}
