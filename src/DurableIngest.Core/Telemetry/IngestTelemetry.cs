using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using DurableIngest.Workflow;

namespace DurableIngest.Telemetry;

/// <summary>
/// The spans and metrics of ingestion, through <c>System.Diagnostics</c> (OpenTelemetry exports them when a host turns
/// an exporter on: <see cref="TelemetryExport"/>). Every span of a run carries one trace id and one parent derived
/// from the run id, so a run reads as one trace whichever processes ran its activities. Attributes hold run ids,
/// chunk indexes, counts, outcomes and error types: never a setting's value or an error's text.
/// </summary>
public static class IngestTelemetry
{
    public const string Name = "DurableIngest";

    public const string RunIdTag = "durable_ingest.run_id";

    public const string ChunkIndexTag = "durable_ingest.chunk_index";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EntitiesProcessed = Meter.CreateCounter<long>(
        "durable_ingest.entities.processed", "{entity}", "Entities a chunk activity wrote, or found unchanged, by outcome.");

    public static readonly Counter<long> EntitiesFailed = Meter.CreateCounter<long>(
        "durable_ingest.entities.failed", "{entity}", "Entities recorded as failed (read or write), with the chunk going on.");

    public static readonly Histogram<double> ChunkDuration = Meter.CreateHistogram<double>(
        "durable_ingest.chunk.duration", "s", "How long one successful chunk activity took.");

    public static readonly Counter<long> ActivityFailures = Meter.CreateCounter<long>(
        "durable_ingest.activity.failures", "{attempt}", "Activity attempts that failed; a transient failure is retried by the runtime's retry policy.");

    /// <summary>A span of the run <paramref name="runId"/> (null when nobody listens).</summary>
    public static Activity? StartSpan(string name, string runId, int? chunkIndex = null)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var activity = Source.StartActivity(name, ActivityKind.Internal, RunContext(runId));
        activity?.SetTag(RunIdTag, runId);
        if (chunkIndex is { } index)
        {
            activity?.SetTag(ChunkIndexTag, index);
        }

        return activity;
    }

    /// <summary>The run's own span, emitted when it completes, from its start to its finish, with its counts.</summary>
    public static void RecordRun(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var run = Source.StartActivity(
            "ingest.run", ActivityKind.Internal, RunContext(summary.RunId), startTime: new DateTimeOffset(summary.StartedAt, TimeSpan.Zero));
        if (run is null)
        {
            return;
        }

        run.SetTag(RunIdTag, summary.RunId);
        run.SetTag("durable_ingest.status", summary.Status.ToString());
        run.SetTag("durable_ingest.source_type", summary.SourceType);
        run.SetTag("durable_ingest.sink_type", summary.SinkType);
        run.SetTag("durable_ingest.entities.total", summary.Total);
        run.SetTag("durable_ingest.entities.succeeded", summary.Succeeded);
        run.SetTag("durable_ingest.entities.failed", summary.Failed);
        run.SetTag("durable_ingest.chunks", summary.Chunks);
        if (summary.Status == RunStatus.Failed)
        {
            run.SetStatus(ActivityStatusCode.Error);
        }

        run.SetEndTime(summary.FinishedAt);
    }

    /// <summary>Marks a span failed with the error's type (its message may quote a source, so it stays out).</summary>
    public static void RecordFailure(Activity? span, string activityName, string errorType, bool transient)
    {
        span?.SetStatus(ActivityStatusCode.Error, errorType);
        span?.SetTag("error.type", errorType);
        ActivityFailures.Add(1, new("durable_ingest.activity", activityName), new("durable_ingest.transient", transient));
    }

    internal static ActivityContext RunContext(string runId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(runId));
        return new ActivityContext(
            ActivityTraceId.CreateFromBytes(hash.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(hash.AsSpan(16, 8)), ActivityTraceFlags.Recorded, isRemote: true);
    }
}
