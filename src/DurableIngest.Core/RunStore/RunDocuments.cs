namespace DurableIngest.RunStore;

/// <summary>A run's documents as a whole.</summary>
public static class RunDocuments
{
    /// <summary>Deletes every document of a run (manifest, configuration, journal, chunks, results, status, summary); returns how many.</summary>
    public static async Task<int> DeleteAllAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var keys = await store.ListAsync(RunKeys.Run(runId), cancellationToken);
        foreach (var key in keys)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return keys.Count;
    }
}
