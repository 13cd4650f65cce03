using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.Sinks;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// Incremental runs: each table's hash is compared with the service's last successful run (in the chunk activity, so
/// an unchanged table costs no sink call), tables gone from the ingested schemas are soft-deleted behind a fail-safe,
/// and the state is saved at the end of every run that did not fail. The state is trusted: a table deleted from the
/// sink by hand comes back with a <c>--full</c> run (or by deleting <c>services/&lt;service&gt;/tables.json</c>).
/// </summary>
public sealed class IncrementalRuns
{
    private const int SaveAttempts = 5;

    private static readonly IReadOnlyDictionary<string, string> NoTables = new Dictionary<string, string>();

    private readonly IRunStore _store;
    private readonly RunConfigProvider _configs;
    private readonly ConnectorRegistry _connectors;
    private readonly ILogger _logger;
    private readonly PerRunCache<RunBaseline> _baselines = new();

    public IncrementalRuns(IRunStore store, RunConfigProvider configs, ConnectorRegistry connectors, ILogger logger)
    {
        _connectors = connectors;
        _store = store;
        _configs = configs;
        _logger = logger;
    }

    /// <summary>The run's baseline, read from the run store once per run in this process.</summary>
    public Task<RunBaseline> GetBaselineAsync(string runId, CancellationToken cancellationToken) =>
        _baselines.GetAsync(runId, id => LoadBaselineAsync(id, cancellationToken));

    public void Forget(string runId) => _baselines.Forget(runId);

    /// <summary>
    /// Soft-deletes the tables gone since the last successful run (when <c>markDeletedTables</c> is on and the fail-safe
    /// allows) and returns the final summary with the state update. A failed run deletes nothing and saves nothing.
    /// </summary>
    public async Task<CompletedRun> CompleteAsync(
        string runId, RunSummary summary, RunEntities entities, Func<CancellationToken, Task<ICatalogSink>> getSink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(getSink);
        if (summary.Status == RunStatus.Failed)
        {
            return new CompletedRun(summary, null);
        }

        WorkflowConfig config;
        try
        {
            config = await _configs.GetAsync(runId, cancellationToken);
        }
        catch (ConfigException e)
        {
            // Only a resumed run whose literal secrets are gone gets here; its tables are written, its state is not saved.
            var warning = $"incremental state not saved and no table soft-deleted: {e.Message}";
            return new CompletedRun(summary with { Warnings = summary.Warnings + 1, WarningMessages = [.. summary.WarningMessages, warning] }, null);
        }

        var service = config.Source.ServiceName;
        var target = SinkTarget.Describe(config, _connectors);
        var state = await ReadStateAsync(service, cancellationToken);
        // The summary is stored before the state: a state already saved by this run means a retry after both were written.
        if (state?.RunId == runId && await _store.ReadAsync<RunSummary>(RunKeys.Summary(runId), cancellationToken) is { } stored)
        {
            return new CompletedRun(stored, null);
        }

        var previous = state is not null && state.Target == target ? state.Tables : NoTables;
        var metadata = config.Source.Metadata;
        var deleted = new List<string>();
        var warnings = new List<string>();
        if (metadata.MarkDeletedTables && entities.Discovery is { } discovery)
        {
            var plan = DeletionPlanner.Plan(previous, discovery.Schemas, entities.Seen, discovery.Filtered, metadata.MarkDeletedTablesMaxPercent);
            if (plan.Warning is { } warning)
            {
                _logger.LogWarning("Run {RunId}: {Warning}", runId, warning);
                warnings.Add(warning);
            }
            else if (plan.Tables.Count > 0)
            {
                await DeleteAsync(plan.Tables, getSink, deleted, warnings, cancellationToken);
                _logger.LogInformation("Run {RunId}: soft-deleted {Deleted} of {Gone} tables gone from the source", runId, deleted.Count, plan.Tables.Count);
            }
        }

        var final = summary with
        {
            Deleted = deleted.Count,
            Warnings = summary.Warnings + warnings.Count,
            WarningMessages = [.. summary.WarningMessages.Concat(warnings).Take(RunSummary.MaxFailuresListed)],
        };
        return new CompletedRun(final, new StateUpdate(service, target, runId, summary.FinishedAt, entities.Hashes, deleted));
    }

    /// <summary>Saves the state: the update applied to the state as stored now (a conditional write, retried on a race).</summary>
    public async Task SaveAsync(StateUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var key = RunKeys.ServiceState(update.Service);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _store.GetAsync(key, cancellationToken);
            var state = current is null ? null : Parse(current, key);
            var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (state is not null && state.Target == update.Target)
            {
                foreach (var (fqn, hash) in state.Tables)
                {
                    tables[fqn] = hash;
                }
            }

            foreach (var fqn in update.Deleted)
            {
                tables.Remove(fqn);
            }

            foreach (var (fqn, hash) in update.Hashes)
            {
                tables[fqn] = hash;
            }

            var content = RunStoreJson.Serialize(new ServiceState { Target = update.Target, RunId = update.RunId, CompletedAt = update.CompletedAt, Tables = tables });
            var written = current is null
                ? await _store.TryCreateAsync(key, content, cancellationToken)
                : await _store.TryReplaceAsync(key, content, current.ETag, cancellationToken);
            if (written is not null)
            {
                return;
            }

            if (attempt == SaveAttempts)
            {
                throw new TransientException($"{key} kept changing while run {update.RunId} saved it ({SaveAttempts} attempts); the completion is retried.");
            }
        }
    }

    private async Task<RunBaseline> LoadBaselineAsync(string runId, CancellationToken cancellationToken)
    {
        var config = await _configs.GetAsync(runId, cancellationToken);
        var service = config.Source.ServiceName;
        var manifest = await _store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken);
        if (manifest.Full)
        {
            _logger.LogInformation("Run {RunId}: full run, every table is written", runId);
            return new RunBaseline(service, NoTables);
        }

        var state = await ReadStateAsync(service, cancellationToken);
        var target = SinkTarget.Describe(config, _connectors);
        if (state is not null && state.Target != target)
        {
            _logger.LogInformation("Run {RunId}: the last successful run of {Service} wrote to another sink; every table is written", runId, service);
            return new RunBaseline(service, NoTables);
        }

        if (state is null)
        {
            _logger.LogInformation("Run {RunId}: no earlier successful run of {Service}; every table is written", runId, service);
            return new RunBaseline(service, NoTables);
        }

        _logger.LogInformation("Run {RunId}: {Known} tables known from run {LastRun}; only changed tables are written", runId, state.Tables.Count, state.RunId);
        return new RunBaseline(service, state.Tables);
    }

    private async Task<ServiceState?> ReadStateAsync(string service, CancellationToken cancellationToken)
    {
        var key = RunKeys.ServiceState(service);
        var document = await _store.GetAsync(key, cancellationToken);
        return document is null ? null : Parse(document, key);
    }

    // A state that cannot be read is no state: the run writes every table and saves a new one.
    private ServiceState? Parse(StoredDocument document, string key)
    {
        try
        {
            var state = RunStoreJson.Deserialize<ServiceState>(document.Content, key);
            if (state.Version == ServiceState.CurrentVersion && state.Tables is not null)
            {
                return state;
            }

            _logger.LogWarning("{Key} has version {Version}, not {Expected}; it is ignored and replaced", key, state.Version, ServiceState.CurrentVersion);
        }
        catch (InvalidDataException e)
        {
            _logger.LogWarning("{Key} is unreadable ({Reason}); it is ignored and replaced", key, e.Message);
        }

        return null;
    }

    private static async Task DeleteAsync(
        IReadOnlyList<DeletedTable> tables, Func<CancellationToken, Task<ICatalogSink>> getSink, List<string> deleted, List<string> warnings, CancellationToken cancellationToken)
    {
        try
        {
            var sink = await getSink(cancellationToken);
            foreach (var result in await sink.MarkDeletedAsync(tables, cancellationToken))
            {
                if (result.Outcome == SinkOutcome.Deleted)
                {
                    deleted.Add(result.FullyQualifiedName);
                }
                else
                {
                    warnings.Add($"markDeletedTables: could not soft-delete {result.FullyQualifiedName}: {result.Failure?.Message ?? "no reason given"}; it is tried again next run");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The run's tables are written; a sink that cannot delete now leaves the gone tables for the next run.
            warnings.Add($"markDeletedTables: soft-deleting {tables.Count} tables failed ({e.GetType().Name}: {e.Message}); they are tried again next run");
        }
    }
}
