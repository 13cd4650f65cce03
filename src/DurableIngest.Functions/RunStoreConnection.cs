using DurableIngest.RunStore;
using DurableIngest.RunStore.Blob;

namespace DurableIngest.Functions;

/// <summary>Opens the run store the Functions app shares with every instance: Azure Blob Storage.</summary>
internal static class RunStoreConnection
{
    /// <summary>The blob run store in <see cref="FunctionsSettings.RunStoreContainer"/> of <see cref="FunctionsSettings.RunStoreAccount"/>.</summary>
    public static IRunStore Create(FunctionsSettings settings) => new BlobRunStore(settings.RunStoreAccount, settings.RunStoreContainer);
}
