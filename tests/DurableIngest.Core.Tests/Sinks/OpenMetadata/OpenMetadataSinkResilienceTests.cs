using DurableIngest.Failures;
using DurableIngest.Sinks;
using DurableIngest.Testing.OpenMetadataStandIn;
using DurableIngest.Workflow;
using Xunit;
using static DurableIngest.Core.Tests.Sinks.OpenMetadata.OpenMetadataSinkHarness;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

public sealed class OpenMetadataSinkResilienceTests
{
    [Theory]
    [InlineData(false, 7)]
    [InlineData(true, 11)]
    public async Task WriteAsync_TwentyPercentOfCallsFail_EveryTableArrivesExactlyOnce(bool bulk, int seed)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = bulk;
        standIn.Faults.Rate = 0.2;
        standIn.Faults.Seed = seed;
        standIn.Faults.Statuses = [500, 429, 503];
        standIn.Faults.RetryAfterSeconds = 0;
        var runId = NewRunId();
        var tables = Tables(Public, 40).Concat(Tables(Public with { Schema = "sales" }, 40)).ToList();

        var results = await Task.WhenAll(tables.Chunk(10).Select(async chunk =>
        {
            await using var sink = Create(standIn, runId, "maxRetries: 4");
            return await WriteWithChunkRetriesAsync(sink, chunk);
        }));

        Assert.All(results.SelectMany(r => r), r => Assert.NotEqual(SinkOutcome.Failed, r.Outcome));
        Assert.Contains(standIn.Calls, c => c.Injected);
        Assert.Empty(standIn.ContractRejections);
        Assert.Equal(tables.Select(t => t.FullyQualifiedName).Order(StringComparer.Ordinal), standIn.Tables.Select(t => t.FullyQualifiedName));
        Assert.All(standIn.Tables, t => Assert.Equal(1, t.Creates));
        Assert.Single(standIn.Services);
        Assert.All(standIn.Schemas, s => Assert.Equal(1, s.Creates));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_TooManyRequestsWithRetryAfter_RetriesOnlyAfterTheGivenDelay(bool asDate)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Faults.AppliesTo = (method, path) => path == "/api/v1/tables";
        standIn.Faults.FailNext(1, 429);
        standIn.Faults.RetryAfterSeconds = asDate ? 2 : 1;
        standIn.Faults.RetryAfterAsDate = asDate;
        await using var sink = Create(standIn, NewRunId());

        var results = await sink.WriteAsync(Tables(Public, 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
        var puts = standIn.Calls.Where(c => c.Path == "/api/v1/tables").ToList();
        Assert.Equal([429, 201], puts.Select(c => c.Status));
        // The configured backoff is 10 ms; only Retry-After (at least one whole second, an HTTP date being truncated) explains this gap.
        Assert.True(puts[1].At - puts[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(puts[1].At - puts[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task WriteAsync_SlowAnswer_TimesOutAndRetries()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Faults.AppliesTo = (method, path) => path == "/api/v1/tables";
        standIn.Faults.SlowNext(1);
        standIn.Faults.SlowDelay = TimeSpan.FromSeconds(10);
        await using var sink = Create(standIn, NewRunId(), "requestTimeoutSeconds: 0.5");

        var results = await sink.WriteAsync(Tables(Public, 1), CancellationToken.None);

        Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
        Assert.Equal([499, 201], standIn.Calls.Where(c => c.Path == "/api/v1/tables").Select(c => c.Status));
        Assert.Equal(1, Assert.Single(standIn.Tables).Creates);
    }

    [Fact]
    public async Task WriteAsync_ServerDownBeyondRetries_ThrowsTransientAndTheNextChunkRetriesTheParent()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Faults.AppliesTo = (method, path) => path == "/api/v1/services/databaseServices";
        standIn.Faults.FailNext(3, 500);
        var runId = NewRunId();

        await using (var first = Create(standIn, runId, "maxRetries: 2"))
        {
            var error = await Assert.ThrowsAsync<TransientException>(() => first.WriteAsync(Tables(Public, 2), CancellationToken.None));
            Assert.True(ErrorClassifier.IsTransient(error));
            Assert.Contains("500", error.Message, StringComparison.Ordinal);
        }

        await using (var second = Create(standIn, runId, "maxRetries: 2"))
        {
            var results = await second.WriteAsync(Tables(Public, 2), CancellationToken.None);
            Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        }

        Assert.Equal([500, 500, 500, 201], standIn.Calls.Where(c => c.Path == "/api/v1/services/databaseServices").Select(c => c.Status));
    }

    [Fact]
    public async Task WriteAsync_ParentRejected_FailsItsTablesWithTheServerMessage()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Faults.AppliesTo = (method, path) => path == "/api/v1/databaseSchemas";
        standIn.Faults.FailNext(1, 400);
        await using var sink = Create(standIn, NewRunId());

        var results = await sink.WriteAsync(Tables(Public, 2), CancellationToken.None);

        Assert.All(results, r =>
        {
            Assert.Equal(SinkOutcome.Failed, r.Outcome);
            Assert.Contains("database schema 'svc.pagila.public'", r.Failure!.Message, StringComparison.Ordinal);
            Assert.Contains("Injected fault 400", r.Failure.Message, StringComparison.Ordinal);
        });
        Assert.Empty(standIn.Tables);
    }
}
