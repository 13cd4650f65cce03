using System.Text;
using DurableIngest.Cli.Runtime;
using DurableIngest.RunStore;
using DurableIngest.RunStore.InMemory;
using DurableIngest.RunStore.Local;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DurableIngest.Cli.Tests.Runtime;

public sealed class LocalRuntimeDurabilityTests : IDisposable
{
    private readonly string _storePath = Directory.CreateTempSubdirectory("di-store-").FullName;

    public void Dispose() => Directory.Delete(_storePath, recursive: true);

    [Fact]
    public async Task Resume_AfterInterruption_ExecutesOnlyUnfinishedChunks()
    {
        var source = new ScriptedSource(50);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gates[ScriptedSource.NameOf(20)] = gate;
        string runId;
        using (var interrupt = new CancellationTokenSource())
        {
            await using var first = new WorkflowHarness(source, new LocalDirectoryRunStore(_storePath));
            runId = await first.StartAsync(first.Yaml(parallelism: 2, chunkSize: 10));
            var run = first.RunAsync(runId, interrupt.Token);
            await Poll.UntilAsync(() => source.Completed >= 4);

            await interrupt.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        gate.SetResult();
        await using var second = new WorkflowHarness(source, new LocalDirectoryRunStore(_storePath));
        var result = await second.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(50, result.Succeeded);
        // Chunks journaled before the interruption are replayed, not re-read; only the ones in flight then
        // (at most `parallelism` of them, the held chunk among them) run again.
        var rereads = source.Reads.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Contains(ScriptedSource.NameOf(20), rereads);
        Assert.InRange(rereads.Count, 1, 2);
        Assert.All(source.Reads.GroupBy(r => r), g => Assert.InRange(g.Count(), 1, 2));
    }

    [Fact]
    public async Task Resume_JournalRecordsADifferentStep_StopsWithANonDeterminismErrorNamingTheStep()
    {
        var store = new LocalDirectoryRunStore(_storePath);
        await using var harness = new WorkflowHarness(new ScriptedSource(30), store);
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));
        await harness.RunAsync(runId);
        await store.DeleteAsync(RunKeys.Status(runId), CancellationToken.None);
        var (segment, lines) = await SegmentAsync(store, runId);
        var line = lines.FindIndex(l => RunStoreJson.Deserialize<JournalEntry>(Encoding.UTF8.GetBytes(l), segment, CliJson.Options).Sequence == 2);
        var entry = RunStoreJson.Deserialize<JournalEntry>(Encoding.UTF8.GetBytes(lines[line]), segment, CliJson.Options);
        lines[line] = Encoding.UTF8.GetString(RunStoreJson.Serialize(entry with { Activity = ActivityNames.Complete }, CliJson.Options));
        await store.PutAsync(segment, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<NonDeterminismException>(() => harness.RunAsync(runId));

        Assert.Contains("step 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(ActivityNames.ProcessChunk, error.Message, StringComparison.Ordinal);
        var status = await store.ReadRequiredAsync<RunStatusDocument>(RunKeys.Status(runId), CancellationToken.None, CliJson.Options);
        Assert.Equal(RunStatus.Failed, status.RuntimeStatus);
    }

    [Fact]
    public async Task Resume_TruncatedJournalDocument_FailsClearlyWithoutExecutingAnything()
    {
        // Stores without append-only documents (blob, in memory) keep one journal document per step.
        var store = new InMemoryRunStore();
        var source = new ScriptedSource(30);
        await using var harness = new WorkflowHarness(source, store);
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));
        await harness.RunAsync(runId);
        await store.DeleteAsync(RunKeys.Status(runId), CancellationToken.None);
        var key = RunKeys.JournalEntry(runId, 3);
        var bytes = (await store.GetAsync(key, CancellationToken.None))!.Content.ToArray();
        await store.PutAsync(key, bytes.AsMemory(0, bytes.Length / 2), CancellationToken.None);
        var readsBefore = source.Reads.Count;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunAsync(runId));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(readsBefore, source.Reads.Count);
    }

    [Fact]
    public async Task Run_OnTheLocalStore_JournalsEachSessionAsOneSegmentOfOneLinePerStep()
    {
        var store = new LocalDirectoryRunStore(_storePath);
        await using var harness = new WorkflowHarness(new ScriptedSource(30), store);
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));

        await harness.RunAsync(runId);

        var (segment, lines) = await SegmentAsync(store, runId);
        Assert.EndsWith(RunKeys.JournalSegmentSuffix, segment, StringComparison.Ordinal);
        Assert.StartsWith(RunKeys.JournalPrefix(runId) + "000001-", segment, StringComparison.Ordinal);
        Assert.Equal(5, lines.Count); // discover, 3 chunks, complete
        var journal = await JournalReader.ReadAsync(store, runId, CancellationToken.None);
        Assert.Equal([1, 2, 3, 4, 5], journal.Entries.Keys.Order());
        Assert.Empty(journal.TornTails);
    }

    [Fact]
    public async Task Resume_CorruptLineInsideAJournalSegment_FailsClearlyNamingSegmentAndLineWithoutExecutingAnything()
    {
        var store = new LocalDirectoryRunStore(_storePath);
        var source = new ScriptedSource(30);
        await using var harness = new WorkflowHarness(source, store);
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));
        await harness.RunAsync(runId);
        await store.DeleteAsync(RunKeys.Status(runId), CancellationToken.None);
        var (segment, lines) = await SegmentAsync(store, runId);
        lines[2] = lines[2][..(lines[2].Length / 2)];
        await store.PutAsync(segment, Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"), CancellationToken.None);
        var readsBefore = source.Reads.Count;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => harness.RunAsync(runId));

        Assert.Contains($"journal segment {segment} line 3 is corrupt or truncated", error.Message, StringComparison.Ordinal);
        Assert.Equal(readsBefore, source.Reads.Count);
    }

    [Fact]
    public async Task Resume_JournalSegmentEndingInACutOffLine_RunsThatStepAgainAndCompletes()
    {
        var store = new LocalDirectoryRunStore(_storePath);
        var source = new ScriptedSource(30);
        await using var harness = new WorkflowHarness(source, store);
        var runId = await harness.StartAsync(harness.Yaml(chunkSize: 10));
        await harness.RunAsync(runId);
        await store.DeleteAsync(RunKeys.Status(runId), CancellationToken.None);
        var (segment, lines) = await SegmentAsync(store, runId);
        // As if the process died while appending the last step (complete): its line is cut off, with no newline.
        var cut = string.Join('\n', lines[..^1]) + "\n" + lines[^1][..20];
        await store.PutAsync(segment, Encoding.UTF8.GetBytes(cut), CancellationToken.None);
        var readsBefore = source.Reads.Count;

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(readsBefore, source.Reads.Count); // the chunks were replayed, only the cut-off step ran again
        var journal = await JournalReader.ReadAsync(store, runId, CancellationToken.None);
        Assert.Equal([1, 2, 3, 4, 5], journal.Entries.Keys.Order());
        Assert.Equal([segment], journal.TornTails);
        Assert.Equal(2, (await store.ListAsync(RunKeys.JournalPrefix(runId), CancellationToken.None)).Count); // a segment per session
    }

    [Fact]
    public async Task Run_SameRunTwiceAtOnce_SecondIsRefusedByTheLease()
    {
        var source = new ScriptedSource(10);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Gates[ScriptedSource.NameOf(0)] = gate;
        await using var harness = new WorkflowHarness(source, new LocalDirectoryRunStore(_storePath));
        var runId = await harness.StartAsync(harness.Yaml());
        var first = harness.RunAsync(runId);
        await Poll.UntilAsync(() => !source.Reads.IsEmpty);

        var error = await Assert.ThrowsAsync<RunLeasedException>(() => harness.RunAsync(runId));

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        gate.SetResult();
        Assert.Equal(RunStatus.Completed, (await first).Status);
    }

    [Fact]
    public async Task Run_LiteralSecretsInTheConfig_NeverReachTheRunStore()
    {
        const string password = "s3cr3t-P@ssw0rd-4711";
        const string token = "eyJhbGciOiJIUzI1NiJ9.secret-token-0815";
        var store = new LocalDirectoryRunStore(_storePath);
        await using var harness = new WorkflowHarness(new ScriptedSource(20), store);
        var yaml = harness.Yaml()
            .Replace("hostPort: localhost:1", $"hostPort: localhost:1\n      password: {password}\n      authType:\n        password: \"{password}\"", StringComparison.Ordinal)
            .Replace("workflowConfig:", $"workflowConfig:\n  openMetadataServerConfig:\n    hostPort: http://localhost:8585/api\n    securityConfig:\n      jwtToken: {token}", StringComparison.Ordinal);
        var runId = await harness.StartAsync(yaml);

        var result = await harness.RunAsync(runId);

        Assert.Equal(RunStatus.Completed, result.Status);
        foreach (var file in Directory.GetFiles(_storePath, "*", SearchOption.AllDirectories).Concat(Directory.GetFiles(harness.CatalogPath, "*", SearchOption.AllDirectories)))
        {
            var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain(password, text, StringComparison.Ordinal);
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        }

        var stored = Encoding.UTF8.GetString((await store.GetAsync(RunKeys.Config(runId), CancellationToken.None))!.Content.Span);
        Assert.Contains("${DURABLE_INGEST_SECRET:source.serviceConnection.config.password}", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallActivity_FailingActivity_IsRetriedWithTheConfiguredBackoff()
    {
        var clock = new FakeTimeProvider();
        await using var harness = new WorkflowHarness(new ScriptedSource(1), time: clock);
        var attempts = new List<DateTimeOffset>();
        harness.Dispatcher.Register<string, string>("Flaky", (input, _) =>
        {
            lock (attempts)
            {
                attempts.Add(clock.GetUtcNow());
                if (attempts.Count < 4)
                {
                    throw new IOException($"attempt {attempts.Count} failed");
                }
            }

            return Task.FromResult(input);
        });
        var context = new LocalOrchestrationContext(
            "backoff", clock.GetUtcNow().UtcDateTime, new Dictionary<int, JournalEntry>(), new JournalWriter(harness.Store, "backoff", 1), harness.Dispatcher, clock,
            NullLogger.Instance, _ => { }, CancellationToken.None);
        var policy = new ActivityRetryPolicy(4, TimeSpan.FromSeconds(10), 3, TimeSpan.FromSeconds(60), TimeSpan.FromHours(1));

        var call = context.CallActivityAsync<string>("Flaky", "x", policy);
        var started = clock.GetUtcNow();
        await Poll.UntilAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            return call.IsCompleted;
        });

        Assert.Equal("x", await call);
        var delays = attempts.Zip(attempts.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal(4, attempts.Count);
        // 10 s, then × 3 = 30 s, then capped at the 60 s maximum; the clock moves in whole seconds.
        Assert.Equal([10, 30, 60], delays.Select(d => Math.Round(d)).ToList());
        Assert.Equal(started, attempts[0]);
    }

    [Fact]
    public async Task CallActivity_AllAttemptsFail_SurfacesActivityFailedExceptionAndJournalsIt()
    {
        await using var harness = new WorkflowHarness(new ScriptedSource(1));
        harness.Dispatcher.Register<string, string>("Broken", (_, _) => throw new IOException("disk on fire"));
        var context = new LocalOrchestrationContext(
            "exhausted", DateTime.UtcNow, new Dictionary<int, JournalEntry>(), new JournalWriter(harness.Store, "exhausted", 1), harness.Dispatcher, TimeProvider.System,
            NullLogger.Instance, _ => { }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ActivityFailedException>(() =>
            context.CallActivityAsync<string>("Broken", "x", new ActivityRetryPolicy(2, TimeSpan.FromMilliseconds(1), 1, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1))));

        Assert.Equal(("Broken", nameof(IOException), "disk on fire"), (error.ActivityName, error.ErrorType, error.ErrorMessage));
        var entry = await harness.Store.ReadRequiredAsync<JournalEntry>(RunKeys.JournalEntry("exhausted", 1), CancellationToken.None, CliJson.Options);
        Assert.Equal(2, entry.Attempts);
        Assert.Equal("disk on fire", entry.Failure!.Message);
    }

    /// <summary>The run's only journal segment and its lines (a run that ran in one session on the local store has one).</summary>
    private static async Task<(string Key, List<string> Lines)> SegmentAsync(IRunStore store, string runId)
    {
        var key = Assert.Single(await store.ListAsync(RunKeys.JournalPrefix(runId), CancellationToken.None));
        var text = Encoding.UTF8.GetString((await store.GetAsync(key, CancellationToken.None))!.Content.Span);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        return (key, [.. text[..^1].Split('\n')]);
    }
}
