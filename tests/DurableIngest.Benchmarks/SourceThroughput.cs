using System.Diagnostics;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;

namespace DurableIngest.Benchmarks;

/// <summary>
/// The source alone, in process: discovery, then every chunk through <c>ReadChunkAsync</c> with a given parallelism,
/// each table serialised to its JSON document. Separates the source's cost from the workflow's and the sink's.
/// </summary>
internal static class SourceThroughput
{
    public static async Task<int> RunAsync(string workflowFile, int chunkSize, int parallelism, CancellationToken cancellationToken)
    {
        var config = new WorkflowConfigLoader(BuiltInConnectors.Create()).LoadFile(workflowFile);
        await using var source = BuiltInConnectors.Create().GetSource(config.Source.Type).Create(config.Source, new ConnectorContext { RunId = "throughput" });
        var total = Stopwatch.StartNew();
        var discovery = await source.DiscoverAsync(cancellationToken);
        var discovered = total.Elapsed;
        long bytes = 0;
        long readTicks = 0;
        long serializeTicks = 0;
        var failed = 0;
        long readBytes = 0;
        long serializeBytes = 0;
        var allocatedAtStart = GC.GetTotalAllocatedBytes();
        await Parallel.ForEachAsync(
            discovery.Entities.Chunk(chunkSize),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (chunk, ct) =>
            {
                var started = Stopwatch.GetTimestamp();
                var allocated = GC.GetTotalAllocatedBytes();
                var results = await source.ReadChunkAsync(chunk, ct);
                Interlocked.Add(ref readTicks, Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref readBytes, GC.GetTotalAllocatedBytes() - allocated);
                started = Stopwatch.GetTimestamp();
                allocated = GC.GetTotalAllocatedBytes();
                foreach (var result in results)
                {
                    if (result.Table is { } table)
                    {
                        Interlocked.Add(ref bytes, EntityJson.SerializeTableDocument(table).Length);
                    }
                    else
                    {
                        Interlocked.Increment(ref failed);
                    }
                }

                Interlocked.Add(ref serializeTicks, Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref serializeBytes, GC.GetTotalAllocatedBytes() - allocated);
            });
        Console.WriteLine($"source: {discovery.Entities.Count} entities, discovery {discovered.TotalSeconds:F2} s, total {total.Elapsed.TotalSeconds:F2} s, "
            + $"{discovery.Entities.Count / total.Elapsed.TotalSeconds:N0} entities/s, {bytes / 1024 / 1024} MB of JSON, {failed} failed "
            + $"(chunkSize {chunkSize}, parallelism {parallelism}); time in ReadChunkAsync {(double)readTicks / Stopwatch.Frequency:F2} s, "
            + $"in serialisation {(double)serializeTicks / Stopwatch.Frequency:F2} s (summed over workers); "
            + $"allocated {(GC.GetTotalAllocatedBytes() - allocatedAtStart) / 1024 / 1024} MB in all, {readBytes / 1024 / 1024} MB reading and {serializeBytes / 1024 / 1024} MB serialising "
            + "(exact with parallelism 1)");
        return failed == 0 ? 0 : 1;
    }
}
