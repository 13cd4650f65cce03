using System.Text.Json;
using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sinks.OpenMetadata;
using DurableIngest.Testing.OpenMetadataStandIn;
using Xunit;
using static DurableIngest.Core.Tests.Sinks.OpenMetadata.OpenMetadataSinkHarness;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

public sealed class OpenMetadataSinkTests
{
    [Fact]
    public async Task WriteAsync_ConcurrentChunksOfOneRun_CreateEachParentOnceAndBeforeItsTables()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var runId = NewRunId();
        var schemas = new[] { Public, Public with { Schema = "sales" }, Public with { Database = "archive", Schema = "old" } };
        var chunks = Enumerable.Range(0, 6)
            .Select(c => (IReadOnlyList<TableMetadata>)[.. schemas.SelectMany(s => Tables(s, 3, $"c{c}_"))])
            .ToList();

        var results = await Task.WhenAll(chunks.Select(async chunk =>
        {
            await using var sink = Create(standIn, runId);
            return await sink.WriteAsync(chunk, CancellationToken.None);
        }));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        Assert.Empty(standIn.ContractRejections);
        var calls = standIn.Calls;
        Assert.Single(calls, c => c.Path == "/api/v1/services/databaseServices");
        Assert.Equal(2, calls.Count(c => c.Path == "/api/v1/databases"));
        Assert.Equal(3, calls.Count(c => c.Path == "/api/v1/databaseSchemas"));
        foreach (var schema in schemas)
        {
            var schemaCall = calls.Single(c => c.Path == "/api/v1/databaseSchemas" && c.Body!.Contains($"\"{schema.Schema}\"", StringComparison.Ordinal));
            var firstTable = calls.First(c => c.Path.StartsWith("/api/v1/tables", StringComparison.Ordinal) && c.Body!.Contains(schema.FullyQualifiedName, StringComparison.Ordinal));
            Assert.True(schemaCall.Sequence < firstTable.Sequence, $"schema {schema.FullyQualifiedName} must be created before its tables");
        }

        Assert.Equal(6 * 9, standIn.Tables.Count);
    }

    [Fact]
    public async Task WriteAsync_SecondRun_PutsParentsAgainAndReportsTablesUpdated()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var tables = Tables(Public, 3);
        await using (var first = Create(standIn, NewRunId()))
        {
            await first.WriteAsync(tables, CancellationToken.None);
        }

        await using var second = Create(standIn, NewRunId());
        var results = await second.WriteAsync(tables, CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SinkOutcome.Updated, r.Outcome));
        Assert.Equal(2, standIn.Calls.Count(c => c.Path == "/api/v1/services/databaseServices"));
        Assert.Equal(3, standIn.Tables.Count);
        Assert.All(standIn.Tables, t => Assert.Equal((1, 1), (t.Creates, t.Updates)));
    }

    [Theory]
    [InlineData("1.3.0", false)]
    [InlineData("1.6.1", false)]
    [InlineData("1.12.0", true)]
    public async Task WriteAsync_ViewsPartitionsCompositeKeysUnicodeAndDottedNames_AcceptedWithoutContractRejections(string version, bool bulk)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = version;
        standIn.BulkEnabled = bulk;
        var dotted = new SchemaRef("svc", "pagila", "sales.eu");
        var customers = Table(dotted, "Kunden.ä",
            Int("id", ColumnConstraint.PrimaryKey),
            new Column { Name = "Größe", DataType = DataType.VARCHAR, DataTypeDisplay = "character varying" },
            new Column { Name = "tags", DataType = DataType.ARRAY, DataTypeDisplay = "text[]" },
            new Column { Name = "address", DataType = DataType.STRUCT, DataTypeDisplay = "address_type" },
            new Column { Name = "amount", DataType = DataType.NUMERIC, Scale = 2, DataTypeDisplay = "numeric" });
        var orderLines = Table(dotted, "order_lines",
            Int("order_id", ColumnConstraint.PrimaryKey, 1),
            Int("line_no", ColumnConstraint.PrimaryKey, 2),
            Int("customer_id", position: 3)) with
        {
            TableConstraints =
            [
                new TableConstraint
                {
                    ConstraintType = ConstraintType.ForeignKey,
                    Columns = ["customer_id"],
                    ReferredColumns = [Fqn.Join("svc", "pagila", "sales.eu", "Kunden.ä", "id")],
                },
            ],
            SourceDetails = new SourceDetails { Indexes = [new TableIndex { Name = "ix", Columns = ["customer_id"] }] },
        };
        var view = Table(dotted, "active_customers", Int("id")) with { TableType = TableType.View, SchemaDefinition = "SELECT id FROM \"Kunden.ä\"" };
        var partitioned = Table(Public, "payment", Int("payment_id"), new Column { Name = "payment_date", DataType = DataType.TIMESTAMP }) with
        {
            TableType = TableType.Partitioned,
            TablePartition = new TablePartition { Columns = ["payment_date"], IntervalType = PartitionIntervalType.TimeUnit, Interval = "month" },
            SchemaDefinition = "CREATE TABLE payment (...) PARTITION BY RANGE (payment_date)",
        };
        await using var sink = Create(standIn, NewRunId());

        var results = await sink.WriteAsync([orderLines, customers, view, partitioned], CancellationToken.None);

        Assert.Empty(standIn.ContractRejections);
        Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        Assert.NotNull(standIn.FindTable("svc.pagila.\"sales.eu\".\"Kunden.ä\""));
        var lines = standIn.FindTable("svc.pagila.\"sales.eu\".order_lines")!;
        var constraints = lines.Body.GetProperty("tableConstraints").EnumerateArray().ToList();
        Assert.Contains(constraints, c => c.GetProperty("constraintType").GetString() == "PRIMARY_KEY"
            && c.GetProperty("columns").EnumerateArray().Select(x => x.GetString()).SequenceEqual(["order_id", "line_no"]));
        Assert.Contains(constraints, c => c.GetProperty("constraintType").GetString() == "FOREIGN_KEY");
        Assert.False(lines.Body.TryGetProperty("sourceDetails", out _));
        Assert.Equal(32, lines.GetString("sourceHash")!.Length);
        var partition = standIn.FindTable("svc.pagila.public.payment")!.Body.GetProperty("tablePartition");
        var firstColumn = partition.GetProperty("columns")[0];
        Assert.Equal(new Version(version) >= OpenMetadataServerVersion.FirstPartitionDetailsVersion ? JsonValueKind.Object : JsonValueKind.String, firstColumn.ValueKind);
        Assert.Equal("View", standIn.FindTable("svc.pagila.\"sales.eu\".active_customers")!.GetString("tableType"));
        Assert.Equal(bulk, standIn.Calls.Any(c => c.Path == "/api/v1/tables/bulk" && c.Status == 200));
    }

    [Fact]
    public async Task WriteAsync_BulkOffered_WritesTheBatchInOneCall()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = true;
        await using var sink = Create(standIn, NewRunId());

        var created = await sink.WriteAsync(Tables(Public, 20), CancellationToken.None);
        var updated = await sink.WriteAsync(Tables(Public, 20), CancellationToken.None);

        Assert.All(created, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        Assert.All(updated, r => Assert.Equal(SinkOutcome.Updated, r.Outcome));
        Assert.Equal(2, standIn.Calls.Count(c => c.Path == "/api/v1/tables/bulk"));
        Assert.DoesNotContain(standIn.Calls, c => c.Path == "/api/v1/tables");
        Assert.Equal(20, standIn.Tables.Count);
    }

    [Fact]
    public async Task WriteAsync_ServerWithoutBulk_FallsBackOnceAndRemembersForTheRun()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = false;
        var runId = NewRunId();

        foreach (var chunk in Tables(Public, 9).Chunk(3))
        {
            await using var sink = Create(standIn, runId);
            var results = await sink.WriteAsync(chunk, CancellationToken.None);
            Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        }

        Assert.Single(standIn.Calls, c => c.Path == "/api/v1/tables/bulk");
        Assert.Equal(9, standIn.Calls.Count(c => c.Path == "/api/v1/tables" && c.Status == 201));
        Assert.Empty(standIn.ContractRejections);
    }

    [Fact]
    public async Task WriteAsync_OlderServerWithBulkAuto_NeverProbesTheBulkEndpoint()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.6.1";
        await using var sink = Create(standIn, NewRunId());

        await sink.WriteAsync(Tables(Public, 3), CancellationToken.None);

        Assert.DoesNotContain(standIn.Calls, c => c.Path == "/api/v1/tables/bulk");
    }

    [Fact]
    public async Task WriteAsync_BulkAlwaysOnServerWithoutIt_FailsNamingTheSetting()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        await using var sink = Create(standIn, NewRunId(), "bulk: always");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteAsync(Tables(Public, 2), CancellationToken.None));

        Assert.Contains("sink.config.bulk", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WriteAsync_ServerRejectsOneTable_ThatTableFailsWithTheServerMessage(bool bulk)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Version = "1.12.0";
        standIn.BulkEnabled = bulk;
        standIn.RejectTable("svc.pagila.public.t001", "Table name violates naming policy P-7");
        await using var sink = Create(standIn, NewRunId());

        var results = await sink.WriteAsync(Tables(Public, 3), CancellationToken.None);

        var failed = Assert.Single(results, r => r.Outcome == SinkOutcome.Failed);
        Assert.Equal("svc.pagila.public.t001", failed.FullyQualifiedName);
        Assert.Contains("Table name violates naming policy P-7", failed.Failure!.Message, StringComparison.Ordinal);
        Assert.Contains("400", failed.Failure.Message, StringComparison.Ordinal);
        Assert.False(failed.Failure.IsTransient);
        Assert.Equal(2, results.Count(r => r.Outcome == SinkOutcome.Created));
    }

    [Fact]
    public async Task WriteAsync_WrongToken_FailsTheBatchNamingTheSettingWithoutTheToken()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Token = "the-right-token";
        await using var sink = Create(standIn, NewRunId(), token: "an-expired-secret-token");

        var error = await Assert.ThrowsAsync<OpenMetadataAuthorizationException>(() => sink.WriteAsync(Tables(Public, 2), CancellationToken.None));

        Assert.Contains(OpenMetadataSinkOptions.JwtTokenPath, error.Message, StringComparison.Ordinal);
        Assert.Contains("401", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("an-expired-secret-token", error.Message, StringComparison.Ordinal);
        Assert.Empty(standIn.Tables);
    }

    [Fact]
    public async Task WriteAsync_MissingToken_SaysTheServerRequiresOne()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Token = "the-right-token";
        await using var sink = Create(standIn, NewRunId());

        var error = await Assert.ThrowsAsync<OpenMetadataAuthorizationException>(() => sink.WriteAsync(Tables(Public, 1), CancellationToken.None));

        Assert.Contains("requires a token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_RightToken_SendsItAsBearer()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Token = "the-right-token";
        await using var sink = Create(standIn, NewRunId(), token: "the-right-token");

        var results = await sink.WriteAsync(Tables(Public, 2), CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        Assert.Empty(standIn.ContractRejections);
    }

    [Fact]
    public async Task WriteAsync_InvalidColumnNames_FailThoseTablesWithoutSendingThem()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var colons = Table(Public, "colons", Int("a::b"));
        var tooLong = Table(Public, "too_long", Int(new string('x', 129)));
        var fine = Table(Public, "fine");
        await using var sink = Create(standIn, NewRunId());

        var results = await sink.WriteAsync([colons, tooLong, fine], CancellationToken.None);

        Assert.Equal(SinkOutcome.Failed, results[0].Outcome);
        Assert.Contains("'::'", results[0].Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(SinkOutcome.Failed, results[1].Outcome);
        Assert.Contains("129 characters", results[1].Failure!.Message, StringComparison.Ordinal);
        Assert.Equal(SinkOutcome.Created, results[2].Outcome);
        Assert.DoesNotContain(standIn.Calls, c => c.Body?.Contains("colons", StringComparison.Ordinal) == true || c.Body?.Contains("too_long", StringComparison.Ordinal) == true);
        Assert.Empty(standIn.ContractRejections);
    }

    [Fact]
    public async Task WriteAsync_ForeignKeyToTableOfALaterChunk_IsAddedWhenThatTableArrives()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var runId = NewRunId();
        var rental = Table(Public, "rental", Int("rental_id"), Int("customer_id", position: 2)) with
        {
            TableConstraints =
            [
                new TableConstraint { ConstraintType = ConstraintType.ForeignKey, Columns = ["customer_id"], ReferredColumns = ["svc.pagila.public.customer.customer_id"] },
            ],
        };
        var customer = Table(Public, "customer", Int("customer_id"));

        await using (var first = Create(standIn, runId))
        {
            var results = await first.WriteAsync([rental], CancellationToken.None);
            Assert.Equal(SinkOutcome.Created, Assert.Single(results).Outcome);
        }

        Assert.False(standIn.FindTable("svc.pagila.public.rental")!.Body.TryGetProperty("tableConstraints", out _));
        await using (var second = Create(standIn, runId))
        {
            await second.WriteAsync([customer], CancellationToken.None);
        }

        var constraint = Assert.Single(standIn.FindTable("svc.pagila.public.rental")!.Body.GetProperty("tableConstraints").EnumerateArray());
        Assert.Equal("FOREIGN_KEY", constraint.GetProperty("constraintType").GetString());
        Assert.Empty(standIn.ContractRejections);
    }

    [Fact]
    public async Task WriteAsync_ForeignKeysRefused_TableIsWrittenAndTheRefusalIsAWarning()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var rental = Table(Public, "rental", Int("rental_id"), Int("customer_id", position: 2)) with
        {
            TableConstraints =
            [
                new TableConstraint { ConstraintType = ConstraintType.ForeignKey, Columns = ["customer_id"], ReferredColumns = ["svc.pagila.public.customer.customer_id"] },
            ],
        };
        var customer = Table(Public, "customer", Int("customer_id"));
        standIn.Faults.Rate = 1;
        standIn.Faults.Statuses = [400];
        var tablePuts = 0;
        standIn.Faults.AppliesTo = (method, path) => method == "PUT" && path == "/api/v1/tables" && Interlocked.Increment(ref tablePuts) > 2;

        await using var sink = Create(standIn, NewRunId());
        var results = await sink.WriteAsync([rental, customer], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SinkOutcome.Created, r.Outcome));
        var warning = Assert.Single(results[0].Warnings!);
        Assert.StartsWith("svc.pagila.public.rental: OpenMetadata refused its foreign keys (400", warning, StringComparison.Ordinal);
        Assert.Null(results[1].Warnings);
        Assert.False(standIn.FindTable("svc.pagila.public.rental")!.Body.TryGetProperty("tableConstraints", out _));
    }

    [Fact]
    public async Task WriteAsync_ForeignKeyToTableFromAnEarlierRun_IsSentInTheFirstPut()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.SeedTable("svc.pagila.public.customer", """{"name":"customer","databaseSchema":"svc.pagila.public","columns":[{"name":"customer_id","dataType":"INT"}]}""");
        var rental = Table(Public, "rental", Int("rental_id"), Int("customer_id", position: 2)) with
        {
            TableConstraints =
            [
                new TableConstraint { ConstraintType = ConstraintType.ForeignKey, Columns = ["customer_id"], ReferredColumns = ["svc.pagila.public.customer.customer_id"] },
            ],
        };
        await using var sink = Create(standIn, NewRunId());

        await sink.WriteAsync([rental], CancellationToken.None);

        var put = Assert.Single(standIn.Calls, c => c.Path == "/api/v1/tables");
        Assert.Contains("FOREIGN_KEY", put.Body, StringComparison.Ordinal);
        Assert.Empty(standIn.ContractRejections);
    }

    [Fact]
    public async Task MarkDeletedAsync_ExistingAndMissingTables_SoftDeletesAndCountsMissingAsDeleted()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        var dotted = Public with { Schema = "a.b" };
        await using var sink = Create(standIn, NewRunId());
        await sink.WriteAsync([Table(dotted, "gone.soon")], CancellationToken.None);

        var results = await sink.MarkDeletedAsync([new DeletedTable(dotted, "gone.soon"), new DeletedTable(dotted, "never_there")], CancellationToken.None);

        Assert.All(results, r => Assert.Equal(SinkOutcome.Deleted, r.Outcome));
        var table = standIn.FindTable("svc.pagila.\"a.b\".\"gone.soon\"")!;
        Assert.True(table.Deleted);
        var delete = standIn.Calls.First(c => c.Method == "DELETE");
        Assert.Contains("hardDelete=false", delete.Target, StringComparison.Ordinal);
        Assert.Contains("%22", delete.Target, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInConnectors_ListMetadataRest()
    {
        var registry = DurableIngest.Connectors.BuiltInConnectors.Create();

        Assert.IsType<OpenMetadataSinkProvider>(registry.GetSink("metadata-rest"));
    }
}
