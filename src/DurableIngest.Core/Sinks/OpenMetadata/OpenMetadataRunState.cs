using System.Collections.Concurrent;
using DurableIngest.Connectors;
using DurableIngest.Entities;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// What every sink of one run on one server shares inside this process, so many chunk activities running at once
/// create each parent once, look the server's version up once, probe the bulk endpoint once, and know which tables
/// the catalog already has (for foreign keys). Kept for the most recent runs only.
/// </summary>
internal sealed class OpenMetadataRunState
{
    private const int RunsKept = 32;

    private static readonly PerRunCache<OpenMetadataRunState> Runs = new(RunsKept);

    private readonly ConcurrentDictionary<string, Lazy<Task<ParentOutcome>>> _parents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _knownTables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, TableMetadata>> _waitingForeignKeys = new(StringComparer.Ordinal);
    private readonly Lock _serverLock = new();
    private Task<Version?>? _version;
    private int _bulk; // 0 unknown, 1 available, -1 absent

    public static OpenMetadataRunState For(Uri apiBase, string runId)
    {
        ArgumentNullException.ThrowIfNull(apiBase);
        return Runs.GetOrCreate(apiBase.AbsoluteUri + "\n" + runId, _ => new OpenMetadataRunState());
    }

    public bool? BulkAvailable => Volatile.Read(ref _bulk) switch { 1 => true, -1 => false, _ => null };

    public void SetBulkAvailable(bool available) => Volatile.Write(ref _bulk, available ? 1 : -1);

    /// <summary>The server's version, asked once per run; a failed look-up is asked again next time.</summary>
    public async Task<Version?> GetVersionAsync(Func<Task<Version?>> lookUp, CancellationToken cancellationToken)
    {
        Task<Version?> task;
        lock (_serverLock)
        {
            _version ??= lookUp();
            task = _version;
        }

        try
        {
            return await task.WaitAsync(cancellationToken);
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            lock (_serverLock)
            {
                if (ReferenceEquals(_version, task))
                {
                    _version = null;
                }
            }

            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="create"/> once for <paramref name="key"/> however many callers ask at once. Only a success
    /// is remembered: after a failure or an exception the next caller tries again.
    /// </summary>
    public async Task<ParentOutcome> EnsureParentAsync(string key, Func<Task<ParentOutcome>> create, CancellationToken cancellationToken)
    {
        var lazy = _parents.GetOrAdd(key, _ => new Lazy<Task<ParentOutcome>>(create, LazyThreadSafetyMode.ExecutionAndPublication));
        var task = lazy.Value;
        try
        {
            var outcome = await task.WaitAsync(cancellationToken);
            if (!outcome.Succeeded)
            {
                _parents.TryRemove(KeyValuePair.Create(key, lazy));
            }

            return outcome;
        }
        catch (Exception) when (task.IsFaulted || task.IsCanceled)
        {
            _parents.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    public bool IsKnownTable(string fqn) => _knownTables.ContainsKey(fqn);

    public void AddKnownTable(string fqn) => _knownTables.TryAdd(fqn, 0);

    /// <summary>Remembers that <paramref name="table"/>'s foreign keys wait for <paramref name="referredTable"/>.</summary>
    public void WaitForTable(string referredTable, TableMetadata table) =>
        _waitingForeignKeys.GetOrAdd(referredTable, _ => new(StringComparer.Ordinal))[table.FullyQualifiedName] = table;

    /// <summary>Takes the tables whose foreign keys waited for <paramref name="referredTable"/>.</summary>
    public IReadOnlyList<TableMetadata> TakeWaiting(string referredTable) =>
        _waitingForeignKeys.TryRemove(referredTable, out var waiting) ? [.. waiting.Values] : [];
}
