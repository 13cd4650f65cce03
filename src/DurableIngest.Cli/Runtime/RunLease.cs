using System.Diagnostics;
using DurableIngest.RunStore;

namespace DurableIngest.Cli.Runtime;

/// <summary>
/// Exclusive ownership of a run, kept in the run store (<c>lease.json</c>) with create-if-absent and ETag-conditional
/// renewals. A lease expires when not renewed; a lease left by a dead process on this host is taken over at once.
/// </summary>
public sealed class RunLease : IAsyncDisposable
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private readonly IRunStore _store;
    private readonly TimeProvider _time;
    private readonly string _key;
    private readonly LeaseDocument _document;
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _renewal;
    private string _etag;
    private int _renewing;

    private RunLease(IRunStore store, TimeProvider time, string key, LeaseDocument document, string etag)
    {
        _store = store;
        _time = time;
        _key = key;
        _document = document;
        _etag = etag;
        _renewal = time.CreateTimer(_ => StartRenewal(), null, Duration / 3, Duration / 3);
    }

    /// <summary>Cancelled when the lease could not be renewed (another process took the run over).</summary>
    public CancellationToken Lost => _lost.Token;

    public static async Task<RunLease> AcquireAsync(IRunStore store, string runId, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var key = RunKeys.Lease(runId);
        var mine = new LeaseDocument($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", Environment.MachineName, Environment.ProcessId, time.GetUtcNow().UtcDateTime + Duration);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await store.TryCreateAsync(key, RunStoreJson.Serialize(mine, CliJson.Options), cancellationToken) is { } created)
            {
                return new RunLease(store, time, key, mine, created);
            }

            var current = await store.GetAsync(key, cancellationToken);
            if (current is null)
            {
                continue;
            }

            LeaseDocument? holder;
            try
            {
                holder = RunStoreJson.Deserialize<LeaseDocument>(current.Content, key, CliJson.Options);
            }
            catch (InvalidDataException)
            {
                holder = null; // a torn lease is no lease
            }

            if (holder is not null && holder.ExpiresAt > time.GetUtcNow().UtcDateTime && IsAlive(holder))
            {
                throw new RunLeasedException(
                    $"Run '{runId}' is already running in process {holder.ProcessId} on {holder.Host} (lease until {holder.ExpiresAt:u}); wait for it, or stop that process first.");
            }

            if (await store.TryReplaceAsync(key, RunStoreJson.Serialize(mine, CliJson.Options), current.ETag, cancellationToken) is { } taken)
            {
                return new RunLease(store, time, key, mine, taken);
            }
        }

        throw new RunLeasedException($"Run '{runId}' is being claimed by another process at the same moment; try again.");
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.DisposeAsync();
        if (!_lost.IsCancellationRequested)
        {
            var current = await _store.GetAsync(_key, CancellationToken.None);
            if (current?.ETag == _etag)
            {
                await _store.DeleteAsync(_key, CancellationToken.None);
            }
        }

        _lost.Dispose();
    }

    private static bool IsAlive(LeaseDocument holder)
    {
        if (!string.Equals(holder.Host, Environment.MachineName, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(holder.ProcessId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // A renewal that waits out a run store outage outlives the next ticks; they are skipped, because a second renewal sent
    // with the same ETag would find it changed by the first and take the lease for lost.
    private void StartRenewal()
    {
        if (Interlocked.Exchange(ref _renewing, 1) == 0)
        {
            _ = RenewAsync();
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            var renewed = _document with { ExpiresAt = _time.GetUtcNow().UtcDateTime + Duration };
            var etag = await _store.TryReplaceAsync(_key, RunStoreJson.Serialize(renewed, CliJson.Options), _etag, CancellationToken.None);
            if (etag is null)
            {
                await _lost.CancelAsync();
            }
            else
            {
                _etag = etag;
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException or ObjectDisposedException)
        {
            // A missed renewal is retried at the next tick; the lease only lapses after Duration.
        }
        finally
        {
            Volatile.Write(ref _renewing, 0);
        }
    }
}
