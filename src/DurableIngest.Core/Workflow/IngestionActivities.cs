using System.Collections.Concurrent;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Failures;
using DurableIngest.RunStore;
using DurableIngest.Secrets;
using DurableIngest.Sinks;
using DurableIngest.Sources;
using DurableIngest.Telemetry;
using DurableIngest.Workflow.Incremental;
using DurableIngest.Workflow.Report;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Workflow;

/// <summary>
/// The ingestion activities: all I/O of the workflow lives here. Each is idempotent — re-running one with the same
/// input rewrites the same documents and the same catalog entries, never duplicates. Both runtimes call these methods.
/// They are also where a run's secrets stop: every exception leaving them is a <see cref="RedactedActivityException"/>
/// and every message they store has the run's secrets masked (<see cref="RunConfigProvider.GetRedactorAsync"/>).
/// </summary>
public sealed class IngestionActivities : IAsyncDisposable
{
    private readonly IRunStore _store;
    private readonly RunConfigProvider _configs;
    private readonly ConnectorRegistry _connectors;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IncrementalRuns _incremental;
    private readonly ConcurrentDictionary<string, Lazy<Task<RunConnectors>>> _runConnectors = new();

    public IngestionActivities(IRunStore store, RunConfigProvider configs, ConnectorRegistry connectors, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _store = store;
        _configs = configs;
        _connectors = connectors;
        _time = time;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<IngestionActivities>();
        _incremental = new IncrementalRuns(store, configs, connectors, _logger);
    }

    /// <summary>
    /// Checks that the sink answers (<see cref="ICatalogSink.CheckReachableAsync"/>), then discovers entity names, splits
    /// them into chunks and stores each chunk; returns counts.
    /// </summary>
    public Task<DiscoveryOutcome> DiscoverAsync(DiscoverInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return AtBoundaryAsync(ActivityNames.Discover, input.RunId, () => DiscoverCoreAsync(input, cancellationToken), cancellationToken);
    }

    private async Task<DiscoveryOutcome> DiscoverCoreAsync(DiscoverInput input, CancellationToken cancellationToken)
    {
        var startedAt = _time.GetUtcNow().UtcDateTime;
        var connectors = await GetConnectorsAsync(input.RunId, cancellationToken);
        await connectors.Sink.CheckReachableAsync(cancellationToken);
        var discovery = await connectors.Source.DiscoverAsync(cancellationToken);
        return await StoreDiscoveryAsync(input.RunId, discovery, input.ChunkSize, startedAt, cancellationToken);
    }

    /// <summary>
    /// Stores what discovery found as the run's chunks of <paramref name="chunkSize"/> and its discovery document; the
    /// second half of discovery (<c>bench</c> discovers once and stores the same result for each of its runs).
    /// </summary>
    /// <param name="startedAt">When discovery began, for the run report; null when it did not happen in this run.</param>
    public async Task<DiscoveryOutcome> StoreDiscoveryAsync(
        string runId, DiscoveryResult discovery, int chunkSize, DateTime? startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        var input = new DiscoverInput(runId, chunkSize);
        var entities = discovery.Entities
            .OrderBy(e => e.Database, StringComparer.Ordinal)
            .ThenBy(e => e.Schema, StringComparer.Ordinal)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        var chunks = entities.Chunk(input.ChunkSize).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            await _store.WriteAsync(RunKeys.Chunk(input.RunId, i), new ChunkDocument(i, chunks[i]), cancellationToken);
        }

        var redactor = await _configs.GetRedactorAsync(input.RunId, cancellationToken);
        await _store.WriteAsync(
            RunKeys.Discovery(input.RunId),
            new DiscoveryDocument(
                entities.Count,
                chunks.Count,
                input.ChunkSize,
                discovery.Schemas,
                discovery.Filtered,
                [.. discovery.Warnings.Select(w => redactor.Redact(w))],
                startedAt,
                startedAt is null ? null : _time.GetUtcNow().UtcDateTime),
            cancellationToken);
        _logger.LogInformation(
            "Run {RunId}: discovered {Entities} entities in {Schemas} schemas ({Filtered} filtered), {Chunks} chunks of up to {ChunkSize}",
            input.RunId, entities.Count, discovery.Schemas.Count, discovery.Filtered.Count, chunks.Count, input.ChunkSize);
        return new DiscoveryOutcome(entities.Count, discovery.Filtered.Count, chunks.Count, discovery.Schemas.Count, discovery.Warnings.Count);
    }

    /// <summary>
    /// Reads one chunk's metadata and writes the tables changed since the service's last successful run to the sink
    /// (unchanged ones are counted, not written). Entity failures are recorded as values; a transient failure of the
    /// whole chunk is thrown so the runtime retries the chunk.
    /// </summary>
    public Task<ChunkOutcome> ProcessChunkAsync(ChunkInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return AtBoundaryAsync(ActivityNames.ProcessChunk, input.RunId, () => ProcessChunkCoreAsync(input, cancellationToken), cancellationToken, input.ChunkIndex);
    }

    private async Task<ChunkOutcome> ProcessChunkCoreAsync(ChunkInput input, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var startedAt = _time.GetUtcNow().UtcDateTime;
        var connectors = await GetConnectorsAsync(input.RunId, cancellationToken);
        var baseline = await _incremental.GetBaselineAsync(input.RunId, cancellationToken);
        var chunk = await _store.ReadRequiredAsync<ChunkDocument>(RunKeys.Chunk(input.RunId, input.ChunkIndex), cancellationToken);
        var outcomes = new List<EntityOutcome>(chunk.Entities.Count);
        var warnings = new List<string>();

        var reads = await ReadAsync(connectors.Source, chunk.Entities, input, cancellationToken);
        var tables = new List<(DiscoveredEntity Entity, Entities.TableMetadata Table)>();
        foreach (var read in reads)
        {
            if (read.Table is { } table)
            {
                tables.Add((read.Entity, table));
            }
            else
            {
                outcomes.Add(new EntityOutcome(read.Entity.DisplayName, baseline.FullyQualifiedName(read.Entity), SinkOutcome.Failed, read.Failure));
            }
        }

        var changes = baseline.Compare(tables);
        outcomes.AddRange(changes.Unchanged);
        var writes = await WriteAsync(connectors.Sink, changes.Changed.Select(t => t.Table).ToList(), input, cancellationToken);
        for (var i = 0; i < changes.Changed.Count; i++)
        {
            var (changed, write) = (changes.Changed[i], writes[i]);
            var hash = write.Outcome == SinkOutcome.Failed ? null : changed.Hash;
            outcomes.Add(new EntityOutcome(changed.Entity.DisplayName, write.FullyQualifiedName, write.Outcome, write.Failure, hash));
            warnings.AddRange(write.Warnings ?? []);
        }

        var redactor = await _configs.GetRedactorAsync(input.RunId, cancellationToken);
        var ordered = outcomes
            .OrderBy(o => o.Entity, StringComparer.Ordinal)
            .Select(o => o.Failure is { } failure ? o with { Failure = failure.Redacted(redactor) } : o)
            .ToList();
        await _store.WriteAsync(
            RunKeys.Result(input.RunId, input.ChunkIndex),
            new ChunkResultDocument(input.ChunkIndex, ordered, [.. warnings.Select(w => redactor.Redact(w))], startedAt, _time.GetUtcNow().UtcDateTime),
            cancellationToken);
        RecordChunkMetrics(ordered, _time.GetElapsedTime(started));
        return new ChunkOutcome(
            input.ChunkIndex,
            Succeeded: ordered.Count(o => o.Outcome != SinkOutcome.Failed),
            Failed: ordered.Count(o => o.Outcome == SinkOutcome.Failed),
            Created: ordered.Count(o => o.Outcome == SinkOutcome.Created),
            Updated: ordered.Count(o => o.Outcome == SinkOutcome.Updated),
            Unchanged: ordered.Count(o => o.Outcome == SinkOutcome.Unchanged),
            Warnings: warnings.Count);
    }

    /// <summary>
    /// Fans in every chunk result into <c>summary.json</c> and <c>report.html</c>, soft-deletes tables gone from the source, saves the
    /// service's table hashes for the next run, and returns the headline.
    /// </summary>
    public Task<RunResult> CompleteAsync(CompleteInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return AtBoundaryAsync(ActivityNames.Complete, input.RunId, () => CompleteCoreAsync(input, cancellationToken), cancellationToken);
    }

    private async Task<RunResult> CompleteCoreAsync(CompleteInput input, CancellationToken cancellationToken)
    {
        var manifest = await _store.ReadRequiredAsync<RunManifest>(RunKeys.Manifest(input.RunId), cancellationToken);
        var entities = new RunEntities(manifest.Service);
        var builder = new SummaryBuilder(_store, entities);
        var built = await builder.BuildAsync(manifest, input, cancellationToken);
        var (completed, update) = await _incremental.CompleteAsync(
            input.RunId, built, entities, async token => (await GetConnectorsAsync(input.RunId, token)).Sink, cancellationToken);
        var summary = completed.Redacted(await _configs.GetRedactorAsync(input.RunId, cancellationToken));
        await RunReportWriter.WriteAsync(_store, summary, builder.Chunks, builder.Discovery, cancellationToken);
        await _store.WriteAsync(RunKeys.Summary(input.RunId), summary, cancellationToken, indented: true);
        IngestTelemetry.RecordRun(summary);
        if (update is not null)
        {
            await _incremental.SaveAsync(update, cancellationToken);
        }

        await ReleaseConnectorsAsync(input.RunId);
        _logger.LogInformation(
            "Run {RunId}: {Status}; {Succeeded} succeeded ({Created} created, {Updated} updated, {Unchanged} unchanged), {Failed} failed, {Filtered} filtered, {Deleted} deleted in {Duration:F1} s",
            input.RunId, summary.Status, summary.Succeeded, summary.Created, summary.Updated, summary.Unchanged, summary.Failed, summary.Filtered, summary.Deleted, summary.DurationSeconds);
        return new RunResult(
            input.RunId, summary.Status, summary.Total, summary.Succeeded, summary.Failed, summary.Filtered,
            summary.SuccessPercent, summary.DurationSeconds, RunKeys.Summary(input.RunId));
    }

    /// <summary>
    /// Closes a run's connectors and forgets its configuration. Completing a run does this; a host that keeps running
    /// calls it for runs that end otherwise (failed, terminated, interrupted), so their connections do not linger.
    /// </summary>
    public Task ReleaseRunAsync(string runId) => ReleaseConnectorsAsync(runId);

    public async ValueTask DisposeAsync()
    {
        foreach (var runId in _runConnectors.Keys.ToList())
        {
            await ReleaseConnectorsAsync(runId);
        }
    }

    // Cancellation passes as it is: it carries no text of the connector's and the runtimes treat it as a stop, not a failure.
    private async Task<T> AtBoundaryAsync<T>(string activity, string runId, Func<Task<T>> body, CancellationToken cancellationToken, int? chunkIndex = null)
    {
        using var span = IngestTelemetry.StartSpan(activity, runId, chunkIndex);
        var startedAt = _time.GetUtcNow().UtcDateTime;
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var redactor = await _configs.GetRedactorAsync(runId, cancellationToken);
            var failure = RedactedActivityException.From(e, redactor);
            IngestTelemetry.RecordFailure(span, activity, e.GetType().Name, failure.IsTransient);
            // An attempt that fails once it was cancelled (a hedged chunk's loser whose connectors were released, a run
            // being stopped) is not a failed attempt of the run: nothing is recorded for the report.
            if (!cancellationToken.IsCancellationRequested)
            {
                await RecordFailedAttemptAsync(
                    runId, new FailedAttemptDocument(activity, chunkIndex, startedAt, _time.GetUtcNow().UtcDateTime, failure.ErrorType, failure.ErrorMessage, failure.IsTransient));
            }
            // The runtimes report the failure; the stack trace (frames, no values) is what only this place still has.
            _logger.LogDebug(
                "Run {RunId}: {Activity} failed ({Kind}): {Failure}{NewLine}{StackTrace}",
                runId, activity, failure.IsTransient ? "transient" : "permanent", failure.Message, Environment.NewLine, e.StackTrace);
            throw failure;
        }
    }

    // For the run report only: losing the record must not change the failure the runtime sees, so a store that refuses it
    // is logged and the original failure goes on.
    private async Task RecordFailedAttemptAsync(string runId, FailedAttemptDocument attempt)
    {
        try
        {
            await _store.WriteAsync(RunKeys.FailedAttempt(runId, attempt.Activity, attempt.ChunkIndex, attempt.StartedAt), attempt, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning("Run {RunId}: could not record a failed {Activity} attempt for the report ({Reason})", runId, attempt.Activity, e.GetType().Name);
        }
    }

    private static async Task<IReadOnlyList<EntityReadResult>> ReadAsync(
        IMetadataSource source, IReadOnlyList<DiscoveredEntity> entities, ChunkInput chunk, CancellationToken cancellationToken)
    {
        using var span = IngestTelemetry.StartSpan("source.read", chunk.RunId, chunk.ChunkIndex);
        span?.SetTag("durable_ingest.entities", entities.Count);
        try
        {
            return await source.ReadChunkAsync(entities, cancellationToken);
        }
        catch (Exception e) when (!ErrorClassifier.IsTransient(e) && e is not OperationCanceledException)
        {
            // A permanent failure of the whole chunk is recorded against each entity: retrying cannot help.
            return [.. entities.Select(entity => new EntityReadResult(entity, null, FailureDetail.From(entity.DisplayName, FailureDetail.ReadStage, e)))];
        }
    }

    private static async Task<IReadOnlyList<SinkWriteResult>> WriteAsync(
        ICatalogSink sink, IReadOnlyList<Entities.TableMetadata> tables, ChunkInput chunk, CancellationToken cancellationToken)
    {
        if (tables.Count == 0)
        {
            return [];
        }

        using var span = IngestTelemetry.StartSpan("sink.write", chunk.RunId, chunk.ChunkIndex);
        span?.SetTag("durable_ingest.tables", tables.Count);
        try
        {
            var results = await sink.WriteAsync(tables, cancellationToken);
            if (results.Count != tables.Count)
            {
                throw new InvalidOperationException($"The sink returned {results.Count} results for {tables.Count} tables.");
            }

            return results;
        }
        catch (Exception e) when (!ErrorClassifier.IsTransient(e) && e is not OperationCanceledException)
        {
            return [.. tables.Select(t => SinkWriteResult.Failed(t.FullyQualifiedName, FailureDetail.From(t.FullyQualifiedName, FailureDetail.WriteStage, e)))];
        }
    }

    private static void RecordChunkMetrics(IReadOnlyList<EntityOutcome> outcomes, TimeSpan duration)
    {
        foreach (var group in outcomes.GroupBy(o => o.Outcome))
        {
            if (group.Key == SinkOutcome.Failed)
            {
                IngestTelemetry.EntitiesFailed.Add(group.Count());
            }
            else
            {
                IngestTelemetry.EntitiesProcessed.Add(group.Count(), new KeyValuePair<string, object?>("durable_ingest.outcome", group.Key.ToString()));
            }
        }

        IngestTelemetry.ChunkDuration.Record(duration.TotalSeconds);
    }

    private Task<RunConnectors> GetConnectorsAsync(string runId, CancellationToken cancellationToken)
    {
        var entry = _runConnectors.GetOrAdd(runId, id => new Lazy<Task<RunConnectors>>(() => CreateConnectorsAsync(id, cancellationToken)));
        if (entry.Value.IsFaulted || entry.Value.IsCanceled)
        {
            _runConnectors.TryRemove(runId, out _);
        }

        return entry.Value;
    }

    private async Task<RunConnectors> CreateConnectorsAsync(string runId, CancellationToken cancellationToken)
    {
        var config = await _configs.GetAsync(runId, cancellationToken);
        var context = new ConnectorContext
        {
            RunId = runId,
            Service = DescribeService(config.Source),
            LoggerFactory = _loggerFactory,
            Time = _time,
        };
        var source = _connectors.GetSource(config.Source.Type).Create(config.Source, context);
        var sink = _connectors.GetSink(config.Sink.Type).Create(config.Sink, config.Workflow, context);
        return new RunConnectors(source, sink);
    }

    private async Task ReleaseConnectorsAsync(string runId)
    {
        if (_runConnectors.TryRemove(runId, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
        {
            await entry.Value.Result.Source.DisposeAsync();
            await entry.Value.Result.Sink.DisposeAsync();
        }

        _incremental.Forget(runId);
        _configs.Forget(runId);
    }

    /// <summary>The service as a catalog may see it: its name, type and connection settings minus every secret.</summary>
    public static ServiceDescriptor DescribeService(SourceSettings source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var connection = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in source.Connection.Keys)
        {
            if (!SecretScrubber.IsSecretKey(key) && source.Connection.IsScalar(key) && source.Connection.GetString(key) is { } value)
            {
                connection[key] = value;
            }
        }

        var serviceType = connection.GetValueOrDefault("type")
            ?? (source.Type.Length == 0 ? "Unknown" : char.ToUpperInvariant(source.Type[0]) + source.Type[1..]);
        connection.Remove("type");
        return new ServiceDescriptor(source.ServiceName, serviceType, connection);
    }

    private sealed record RunConnectors(IMetadataSource Source, ICatalogSink Sink);
}
