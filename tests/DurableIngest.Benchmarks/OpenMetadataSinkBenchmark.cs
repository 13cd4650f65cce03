using System.Diagnostics;
using System.Globalization;
using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sinks.OpenMetadata;
using DurableIngest.Testing.OpenMetadataStandIn;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Benchmarks;

/// <summary>
/// The metadata-rest sink's throughput against the local OpenMetadata stand-in, one PUT per table beside bulk PUTs,
/// measured in the same run: <c>dotnet run -c Release --project tests/DurableIngest.Benchmarks -- openmetadata-sink</c>.
/// </summary>
internal static class OpenMetadataSinkBenchmark
{
    private const int ChunkSize = 200;
    private const int Parallelism = 4;

    public static async Task<int> RunAsync(int tables, CancellationToken cancellationToken)
    {
        Console.WriteLine($"metadata-rest sink against the stand-in: {tables:N0} tables in chunks of {ChunkSize}, {Parallelism} chunks at once, {Environment.ProcessorCount} cores");
        var perTable = await MeasureAsync(bulk: false, tables, cancellationToken);
        var bulk = await MeasureAsync(bulk: true, tables, cancellationToken);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"bulk is {perTable.Seconds / bulk.Seconds:F1}x faster than one PUT per table, with {(double)perTable.Calls / bulk.Calls:F0}x fewer HTTP calls"));
        return 0;
    }

    private static async Task<(double Seconds, int Calls)> MeasureAsync(bool bulk, int count, CancellationToken cancellationToken)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync(cancellationToken: cancellationToken);
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = bulk;
        await using (var warmUp = Create(standIn, "warm-up"))
        {
            await warmUp.WriteAsync(Tables(10, "warm"), cancellationToken);
        }

        var before = standIn.Calls.Count;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Tables(count, "t").Chunk(ChunkSize),
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (chunk, token) =>
            {
                await using var sink = Create(standIn, "measured");
                await sink.WriteAsync(chunk, token);
            });
        clock.Stop();
        var calls = standIn.Calls.Count - before;
        if (standIn.Tables.Count != count + 10 || standIn.ContractRejections.Count != 0)
        {
            throw new InvalidOperationException($"the stand-in holds {standIn.Tables.Count} tables and {standIn.ContractRejections.Count} contract rejections");
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {(bulk ? "bulk PUT /v1/tables/bulk" : "one PUT /v1/tables per table"),-30} {clock.Elapsed.TotalSeconds,7:F2} s  {count / clock.Elapsed.TotalSeconds,7:F0} tables/s  {calls,6} HTTP calls"));
        return (clock.Elapsed.TotalSeconds, calls);
    }

    private static ICatalogSink Create(OpenMetadataStandIn standIn, string runId)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader("{}"));
        return new OpenMetadataSinkProvider().Create(
            new SinkSettings { Type = OpenMetadataSinkProvider.SinkType, Config = new ConfigSection("sink.config", (YamlMappingNode)yaml.Documents[0].RootNode, new ConfigProblems(), _ => null) },
            new WorkflowSettings { OpenMetadataServer = new OpenMetadataServerOptions { HostPort = standIn.BaseUrl } },
            new ConnectorContext
            {
                RunId = runId,
                Service = new ServiceDescriptor("svc", "Postgres", new Dictionary<string, string> { ["hostPort"] = "localhost:5432", ["database"] = "pagila" }),
            });
    }

    private static TableMetadata[] Tables(int count, string prefix)
    {
        var schema = new SchemaRef("svc", "pagila", "public");
        return [.. Enumerable.Range(0, count).Select(i => new TableMetadata
        {
            Schema = schema,
            Name = $"{prefix}{i:D4}",
            TableType = TableType.Regular,
            Columns =
            [
                new Column { Name = "id", DataType = DataType.INT, DataTypeDisplay = "integer", OrdinalPosition = 1 },
                new Column { Name = "name", DataType = DataType.TEXT, DataTypeDisplay = "text", OrdinalPosition = 2 },
            ],
        })];
    }
}
