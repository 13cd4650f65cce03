using System.Collections.Concurrent;
using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Sources;
using DurableIngest.Workflow;

namespace DurableIngest.Testing;

/// <summary>
/// A source whose only purpose is injecting faults and latency into the real workflow: N tables, scripted transient
/// and permanent chunk failures, permanently bad entities, failing discovery, and gates that hold chunks open.
/// </summary>
public sealed class ScriptedSource : IMetadataSource, ISourceProvider
{
    private int _inFlight;

    public ScriptedSource(int tables) => Tables = tables;

    public int Tables { get; }

    /// <summary>Tables gone from the source: not discovered.</summary>
    public HashSet<string> Dropped { get; } = [];

    /// <summary>Tables left out by a filter: listed as filtered, not discovered.</summary>
    public HashSet<string> FilteredOut { get; } = [];

    /// <summary>Table comments, to change a table's metadata between runs.</summary>
    public ConcurrentDictionary<string, string> Descriptions { get; } = new();

    /// <summary>Discovery fails (a permanent error), failing the run.</summary>
    public bool FailDiscovery { get; set; }

    /// <summary>With <see cref="FailDiscovery"/>: the error is transient (retried per the retry policy, then failing the run).</summary>
    public bool DiscoveryFailureIsTransient { get; set; }

    /// <summary>Text every scripted error message ends with, as a connector quoting its settings (a password...) would.</summary>
    public string? ErrorDetail { get; set; }

    /// <summary>Per first-table-of-chunk: the chunk's read throws a permanent error (recorded against each of its entities).</summary>
    public HashSet<string> PermanentChunkFailures { get; } = [];

    /// <summary>Tables whose read fails permanently (a recorded failure, not a chunk failure).</summary>
    public HashSet<string> BadTables { get; } = [];

    /// <summary>Per first-table-of-chunk: how many reads throw a transient error before one succeeds (-1: always).</summary>
    public ConcurrentDictionary<string, int> TransientFailures { get; } = new();

    /// <summary>
    /// The first read of a chunk starting at one of these tables never answers until it is cancelled (an attempt stuck
    /// behind a slow link); later reads of it answer at once.
    /// </summary>
    public ConcurrentDictionary<string, bool> StuckOnce { get; } = new();

    /// <summary>Reads that ended because their attempt was cancelled.</summary>
    public int CancelledReads => Volatile.Read(ref _cancelledReads);

    /// <summary>Reads of a chunk containing this table wait for the gate.</summary>
    public ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public ConcurrentQueue<string> Reads { get; } = new();

    public ConcurrentQueue<DateTimeOffset> AttemptTimes { get; } = new();

    private readonly ConcurrentQueue<(string First, DateTimeOffset At)> _attempts = new();

    /// <summary>When each read of the chunk starting at <paramref name="firstTable"/> began, in order.</summary>
    public IReadOnlyList<DateTimeOffset> AttemptTimesOf(string firstTable) => [.. _attempts.Where(a => a.First == firstTable).Select(a => a.At)];

    public TimeProvider Time { get; set; } = TimeProvider.System;

    public int MaxInFlight { get; private set; }

    public int Completed => _completed;

    private int _completed;
    private int _cancelledReads;

    public IReadOnlyList<string> Types => ["scripted"];

    public static string NameOf(int index) => $"t{index:D4}";

    /// <summary>A workflow reading a scripted source into a file sink at <paramref name="catalogPath"/>.</summary>
    public static string Workflow(
        string catalogPath,
        int parallelism = 3,
        int chunkSize = 10,
        int maxAttempts = 3,
        double backoffSeconds = 0.01,
        double backoffFactor = 2,
        double successThreshold = 90,
        string sourceConfig = "",
        string connectionConfig = "",
        double? hedgeSlowChunks = null) => $"""
        source:
          type: scripted
          serviceName: svc
          serviceConnection:
            config:
              type: Scripted
              hostPort: localhost:1
              {connectionConfig}
          sourceConfig:
            config:
              type: DatabaseMetadata
              {sourceConfig}
        sink:
          type: file
          config:
            path: {catalogPath}
        workflowConfig:
          distributedExecution:
            enabled: true
            parallelism: {parallelism}
            chunkSize: {chunkSize}
            successThreshold: {successThreshold}
            {(hedgeSlowChunks is { } hedge ? $"hedgeSlowChunks: {hedge.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty)}
            retryPolicy:
              maxAttempts: {maxAttempts}
              backoffSeconds: {backoffSeconds}
              backoffFactor: {backoffFactor}
              maxBackoffSeconds: 600
        """;

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context) => this;

    public Task<DiscoveryResult> DiscoverAsync(CancellationToken cancellationToken)
    {
        if (FailDiscovery)
        {
            throw DiscoveryFailureIsTransient
                ? new TransientException($"connection reset while listing schemas{Detail}")
                : new InvalidOperationException($"permission denied for schema public{Detail}");
        }

        var names = Enumerable.Range(0, Tables).Select(NameOf).Where(n => !Dropped.Contains(n)).ToList();
        return Task.FromResult(new DiscoveryResult
        {
            Entities = [.. names.Where(n => !FilteredOut.Contains(n)).Select(n => new DiscoveredEntity("db", "public", n, TableType.Regular, int.Parse(n[1..], CultureInfo.InvariantCulture)))],
            Filtered = [new FilteredEntity("db.public.ignored", "table filter"), .. names.Where(FilteredOut.Contains).Select(n => new FilteredEntity($"db.public.{n}", "table filter"))],
            Schemas = [new SchemaRef("svc", "db", "public")],
        });
    }

    public async Task<IReadOnlyList<EntityReadResult>> ReadChunkAsync(IReadOnlyList<DiscoveredEntity> entities, CancellationToken cancellationToken)
    {
        var first = entities[0].Name;
        Reads.Enqueue(first);
        AttemptTimes.Enqueue(Time.GetUtcNow());
        _attempts.Enqueue((first, Time.GetUtcNow()));
        var now = Interlocked.Increment(ref _inFlight);
        lock (Reads)
        {
            MaxInFlight = Math.Max(MaxInFlight, now);
        }

        try
        {
            if (StuckOnce.TryRemove(first, out _))
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (entities.Select(e => e.Name).Select(n => Gates.GetValueOrDefault(n)).FirstOrDefault(g => g is not null) is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            if (TransientFailures.TryGetValue(first, out var remaining) && remaining != 0)
            {
                TransientFailures[first] = remaining - 1;
                throw new TransientException($"connection reset while reading chunk starting at {first}{Detail}");
            }

            if (PermanentChunkFailures.Contains(first))
            {
                throw new InvalidOperationException($"catalog query refused for chunk starting at {first}{Detail}");
            }

            Interlocked.Increment(ref _completed);
            return [.. entities.Select(e => BadTables.Contains(e.Name)
                ? EntityReadResult.Failed(e, $"permission denied for table {e.Name}{Detail}", "PermissionDenied")
                : EntityReadResult.Success(e, Table(e)))];
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelledReads);
            throw;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string Detail => ErrorDetail is null ? string.Empty : $" ({ErrorDetail})";

    private TableMetadata Table(DiscoveredEntity entity) => new()
    {
        Schema = new SchemaRef("svc", entity.Database, entity.Schema),
        Name = entity.Name,
        Description = Descriptions.GetValueOrDefault(entity.Name),
        TableType = TableType.Regular,
        Columns = [new Column { Name = "id", DataType = DataType.INT, DataTypeDisplay = "integer", OrdinalPosition = 1 }],
    };
}
