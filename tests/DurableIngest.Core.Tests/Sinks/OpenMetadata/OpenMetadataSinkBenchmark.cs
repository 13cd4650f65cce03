using System.Diagnostics;
using System.Globalization;
using DurableIngest.Testing.OpenMetadataStandIn;
using Xunit;
using Xunit.Abstractions;
using static DurableIngest.Core.Tests.Sinks.OpenMetadata.OpenMetadataSinkHarness;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

/// <summary>
/// Prints the sink's throughput against the local stand-in, per-table PUT against bulk (figures, not asserts):
/// <c>dotnet test tests/DurableIngest.Core.Tests --filter "Category=Benchmark&amp;FullyQualifiedName~OpenMetadata" --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class OpenMetadataSinkBenchmark(ITestOutputHelper output)
{
    private const int TableCount = 2000;
    private const int ChunkSize = 200;
    private const int Parallelism = 4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_TwoThousandTablesInChunksOf200_PrintsThroughput(bool bulk)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = bulk;
        await using (var warmUp = Create(standIn, NewRunId()))
        {
            await warmUp.WriteAsync(Tables(Public, 10, "warm"), CancellationToken.None);
        }

        var runId = NewRunId();
        var before = standIn.Calls.Count;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Tables(Public, TableCount).Chunk(ChunkSize),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (chunk, cancellationToken) =>
            {
                await using var sink = Create(standIn, runId);
                await sink.WriteAsync(chunk, cancellationToken);
            });
        clock.Stop();

        Assert.Equal(TableCount + 10, standIn.Tables.Count);
        Assert.Empty(standIn.ContractRejections);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"bulk={bulk}: {TableCount} tables, chunks of {ChunkSize}, {Parallelism} at once: {clock.Elapsed.TotalSeconds:F2} s, {TableCount / clock.Elapsed.TotalSeconds:F0} tables/s, {standIn.Calls.Count - before} HTTP calls"));
    }
}
