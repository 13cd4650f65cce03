using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Workflow;

/// <summary>
/// The ingestion workflow, written once and driven by both runtimes: discover → chunks → a sliding window that keeps
/// <see cref="IngestionRequest.Parallelism"/> chunk activities in flight and refills as each completes (no wave
/// barrier) → fan-in into a summary.
/// Replay rules: everything here is deterministic. No clock but <see cref="IOrchestrationContext.CurrentUtcDateTime"/>,
/// no I/O, no configuration reads, no thread primitives; all work happens in activities.
/// </summary>
public static class IngestionOrchestration
{
    public static async Task<RunResult> RunAsync(IOrchestrationContext context, IngestionRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        var startedAt = context.CurrentUtcDateTime;
        context.SetCustomStatus(new RunProgress(RunProgress.Discovering, 0, 0, 0, 0, 0, 0));

        DiscoveryOutcome discovery;
        try
        {
            discovery = await context.CallActivityAsync<DiscoveryOutcome>(
                ActivityNames.Discover, new DiscoverInput(request.RunId, request.ChunkSize), request.RetryPolicy);
        }
        catch (ActivityFailedException e)
        {
            return await CompleteAsync(context, request, startedAt, null, e.ErrorMessage, []);
        }

        var chunks = await FanOutAsync(context, request, discovery, startedAt);
        return await CompleteAsync(context, request, startedAt, discovery, null, chunks);
    }

    private static async Task<ChunkOutcome[]> FanOutAsync(
        IOrchestrationContext context, IngestionRequest request, DiscoveryOutcome discovery, DateTime startedAt)
    {
        var outcomes = new ChunkOutcome[discovery.ChunkCount];
        var inFlight = new List<Task<ChunkOutcome>>(request.Parallelism);
        int next = 0, done = 0, entitiesDone = 0, failures = 0;
        Publish();
        while (done < outcomes.Length)
        {
            while (inFlight.Count < request.Parallelism && next < outcomes.Length)
            {
                inFlight.Add(ProcessChunkAsync(context, request, next, discovery.EntitiesInChunk(next, request.ChunkSize)));
                next++;
            }

            var finished = await Task.WhenAny(inFlight);
            inFlight.Remove(finished);
            var outcome = await finished;
            outcomes[outcome.ChunkIndex] = outcome;
            done++;
            entitiesDone += outcome.Processed;
            failures += outcome.Failed;
            Publish();
        }

        return outcomes;

        void Publish()
        {
            var elapsed = (context.CurrentUtcDateTime - startedAt).TotalSeconds;
            var rate = elapsed > 0 ? Math.Round(entitiesDone / elapsed, 1) : 0;
            context.SetCustomStatus(new RunProgress(
                RunProgress.Processing, done, outcomes.Length, entitiesDone, discovery.EntityCount, failures, rate));
        }
    }

    // A chunk that exhausts its retries is turned into a failed result here, once, at its await.
    private static async Task<ChunkOutcome> ProcessChunkAsync(
        IOrchestrationContext context, IngestionRequest request, int index, int entityCount)
    {
        try
        {
            return await context.CallActivityAsync<ChunkOutcome>(
                ActivityNames.ProcessChunk, new ChunkInput(request.RunId, index), request.RetryPolicy, request.ChunkHedging);
        }
        catch (ActivityFailedException e)
        {
            return ChunkOutcome.FromExhausted(index, entityCount, $"{e.ErrorType}: {e.ErrorMessage}");
        }
    }

    private static async Task<RunResult> CompleteAsync(
        IOrchestrationContext context,
        IngestionRequest request,
        DateTime startedAt,
        DiscoveryOutcome? discovery,
        string? discoveryError,
        IReadOnlyList<ChunkOutcome> chunks)
    {
        context.SetCustomStatus(new RunProgress(
            RunProgress.Completing, chunks.Count, chunks.Count, chunks.Sum(c => c.Processed), discovery?.EntityCount ?? 0, chunks.Sum(c => c.Failed), 0));
        var exhausted = chunks.Where(c => c.Exhausted).Select(c => new ExhaustedChunk(c.ChunkIndex, c.Error ?? "failed")).ToList();
        var input = new CompleteInput(request.RunId, startedAt, context.CurrentUtcDateTime, request.SuccessThreshold, discovery, discoveryError, exhausted);
        var result = await context.CallActivityAsync<RunResult>(ActivityNames.Complete, input, request.RetryPolicy);
        context.SetCustomStatus(new RunProgress(
            RunProgress.Done, chunks.Count, chunks.Count, result.Succeeded + result.Failed, result.Total, result.Failed, 0));
        return result;
    }
}
