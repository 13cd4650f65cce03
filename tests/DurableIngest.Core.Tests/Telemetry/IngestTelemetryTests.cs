using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Telemetry;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Xunit;

namespace DurableIngest.Core.Tests.Telemetry;

/// <summary>What a run emits through System.Diagnostics: its spans (one trace per run) and metrics, never a secret.</summary>
public sealed class IngestTelemetryTests : IDisposable
{
    private const string Password = "telemetry-pa55word";
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string Tags)> _measurements = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public IngestTelemetryTests()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == IngestTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Run_ListenedTo_EmitsOneTraceWithASpanPerActivityReadWriteAndTheRun()
    {
        await using var workflow = new InProcessWorkflow(new ScriptedSource(25));

        await workflow.RunAsync(workflow.Yaml(), "traced-run");

        var spans = SpansOf("traced-run");
        Assert.Single(spans.Select(s => s.TraceId).Distinct());
        Assert.Equal(IngestTelemetry.RunContext("traced-run").TraceId, spans[0].TraceId);
        Assert.Single(spans, s => s.OperationName == ActivityNames.Discover);
        Assert.Equal([0, 1, 2], ChunkIndexes(spans, ActivityNames.ProcessChunk));
        Assert.Equal([0, 1, 2], ChunkIndexes(spans, "source.read"));
        Assert.Equal([0, 1, 2], ChunkIndexes(spans, "sink.write"));
        var run = Assert.Single(spans, s => s.OperationName == "ingest.run");
        Assert.Equal(("Completed", 25), (run.GetTagItem("durable_ingest.status"), run.GetTagItem("durable_ingest.entities.succeeded")));
        Assert.True(run.Duration >= TimeSpan.Zero);
        Assert.Contains(_measurements, m => m.Instrument == "durable_ingest.entities.processed" && m.Tags.Contains("Created", StringComparison.Ordinal));
        Assert.Contains(_measurements, m => m.Instrument == "durable_ingest.chunk.duration");
    }

    [Fact]
    public async Task Run_FailuresQuotingTheSecret_MarkSpansFailedWithTheErrorTypeOnly()
    {
        var source = new ScriptedSource(20) { ErrorDetail = $" (password={Password})" };
        source.TransientFailures[ScriptedSource.NameOf(10)] = -1;
        source.BadTables.Add(ScriptedSource.NameOf(3));
        await using var workflow = new InProcessWorkflow(source);

        var (summary, _) = await workflow.RunAsync(workflow.Yaml(connectionConfig: $"password: {Password}"), "failing-run");

        Assert.Equal(RunStatus.CompletedWithErrors, summary.Status);
        var spans = SpansOf("failing-run");
        var failed = spans.Where(s => s.Status == ActivityStatusCode.Error && s.OperationName == ActivityNames.ProcessChunk).ToList();
        Assert.Equal(3, failed.Count);
        Assert.All(failed, s => Assert.Equal("TransientException", s.GetTagItem("error.type")));
        Assert.Contains(_measurements, m => m.Instrument == "durable_ingest.activity.failures" && m.Tags.Contains("durable_ingest.transient=True", StringComparison.Ordinal));
        Assert.Contains(_measurements, m => m.Instrument == "durable_ingest.entities.failed");
        var everything = string.Join('\n', spans.SelectMany(s => s.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(s.StatusDescription ?? string.Empty).Append(s.DisplayName)));
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_measurements, m => m.Tags.Contains(Password, StringComparison.Ordinal));
    }

    private List<Activity> SpansOf(string runId) =>
        [.. _spans.Where(s => Equals(s.GetTagItem(IngestTelemetry.RunIdTag), runId))];

    private static List<int> ChunkIndexes(List<Activity> spans, string name) =>
        [.. spans.Where(s => s.OperationName == name).Select(s => (int)s.GetTagItem(IngestTelemetry.ChunkIndexTag)!).Order()];

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var text = string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
        _measurements.Enqueue((instrument.Name, value, text));
    }
}
