using DurableIngest.RunStore;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Runtime;

/// <summary>The runs of a run store, read from their documents; shared by the <c>runs</c> command and the serve host.</summary>
internal static class StoredRuns
{
    /// <summary>
    /// A run's status document; for a run that is stored but whose runtime has not written one yet, Pending as of its
    /// creation; null for an unknown run.
    /// </summary>
    public static async Task<RunStatusDocument?> ReadStatusAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.ReadAsync<RunStatusDocument>(RunKeys.Status(runId), cancellationToken, CliJson.Options) is { } status)
        {
            return status;
        }

        return await store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken) is { } manifest
            ? new RunStatusDocument(runId, RunStatus.Pending, manifest.CreatedTime, manifest.CreatedTime, null, null)
            : null;
    }

    /// <summary>Every run's status, newest first. A run whose status document cannot be read is left out.</summary>
    public static async Task<IReadOnlyList<RunStatusDocument>> ListStatusesAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var statuses = new List<RunStatusDocument>();
        foreach (var runId in await ListRunIdsAsync(store, cancellationToken))
        {
            try
            {
                if (await ReadStatusAsync(store, runId, cancellationToken) is { } status)
                {
                    statuses.Add(status);
                }
            }
            catch (InvalidDataException)
            {
                // A torn or foreign document: the run cannot be shown, the others still are.
            }
        }

        return [.. statuses.OrderByDescending(s => s.CreatedTime).ThenBy(s => s.Id, StringComparer.Ordinal)];
    }

    /// <summary>The manifests of every run in the store.</summary>
    public static async Task<IReadOnlyList<RunManifest>> ListManifestsAsync(IRunStore store, CancellationToken cancellationToken)
    {
        var manifests = new List<RunManifest>();
        foreach (var runId in await ListRunIdsAsync(store, cancellationToken))
        {
            try
            {
                if (await store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
            catch (InvalidDataException)
            {
                // As above: one unreadable run never hides the others.
            }
        }

        return manifests;
    }

    /// <summary>Ids of the runs that have a manifest or a status document (the run's own top-level documents).</summary>
    private static async Task<IReadOnlyList<string>> ListRunIdsAsync(IRunStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in await store.ListAsync(RunKeys.RunsPrefix, cancellationToken))
        {
            var parts = key.Split('/');
            if (parts.Length == 3 && (key == RunKeys.Manifest(parts[1]) || key == RunKeys.Status(parts[1])))
            {
                ids.Add(parts[1]);
            }
        }

        return [.. ids];
    }
}
