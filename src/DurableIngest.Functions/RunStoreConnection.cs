using DurableIngest.Configuration;
using DurableIngest.RunStore;

namespace DurableIngest.Functions;

/// <summary>Opens the run store the Functions app shares with every instance: Azure Blob Storage.</summary>
internal static class RunStoreConnection
{
    /// <summary>
    /// Expected type: <c>DurableIngest.RunStore.Blob.BlobRunStore</c> (its Shared Key blob client and a container),
    /// built by <see cref="RunStoreFactory"/> for <c>type: blob</c> once the Blob run store is merged. If that merge
    /// exposes only the constructor, build <c>new BlobRunStore(client, container)</c> here instead; nothing else changes.
    /// </summary>
    public static IRunStore Create(FunctionsSettings settings) =>
        RunStoreFactory.Create(new RunStoreOptions
        {
            Type = RunStoreOptions.BlobType,
            ConnectionString = settings.RunStoreConnection,
            Container = settings.RunStoreContainer,
        });
}
