using System.Net;
using System.Text;
using DurableIngest.Testing.OpenMetadataStandIn;
using Xunit;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

/// <summary>The stand-in is only worth its "zero contract rejections" if it really rejects what a server would.</summary>
public sealed class OpenMetadataStandInTests
{
    private const string Service = """{"name":"svc","serviceType":"Postgres","connection":{"config":{"type":"Postgres"}}}""";
    private const string Database = """{"name":"db","service":"svc"}""";
    private const string Schema = """{"name":"s.1","database":"svc.db"}""";

    [Theory]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT","nullable":true}]}""", "Unrecognized field \"nullable\"")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT"}],"sourceDetails":{}}""", "Unrecognized field \"sourceDetails\"")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"STRINGY"}]}""", "not one of the values accepted")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","tableType":"Table","columns":[]}""", "not one of the values accepted")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\""}""", "columns must not be null")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"a::b","dataType":"INT"}]}""", "must match")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"VARCHAR"}]}""", "dataLength must not be null")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT"}],"tablePartition":{"columns":["c"],"intervalType":"TIME-UNIT"}}""", "PartitionColumnDetails")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT"}],"tableConstraints":[{"constraintType":"FOREIGN_KEY","columns":["c"],"referredColumns":["svc.db.\"s.1\".other.id"]}]}""", "Table not found")]
    [InlineData("""{"name":"t","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT"}],"schemaDefinition":"CREATE TABLE t (c int)"}""", "ViewDefinition can only be set")]
    public async Task PutTable_BreakingTheContract_Answers400AndRecordsIt(string body, string message)
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        using var http = new HttpClient();
        await PutParentsAsync(http, standIn);

        var response = await PutAsync(http, standIn, "/v1/tables", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var call = Assert.Single(standIn.ContractRejections);
        Assert.Contains(message, call.Message, StringComparison.Ordinal);
        Assert.Empty(standIn.Tables);
    }

    [Fact]
    public async Task PutTable_BeforeItsSchema_Answers404()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        using var http = new HttpClient();

        var response = await PutAsync(http, standIn, "/v1/tables", """{"name":"t","databaseSchema":"svc.db.s","columns":[]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Single(standIn.ContractRejections);
    }

    [Fact]
    public async Task PutSchema_WithUnquotedDottedDatabase_Answers404()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        using var http = new HttpClient();
        await PutAsync(http, standIn, "/v1/services/databaseServices", Service);
        await PutAsync(http, standIn, "/v1/databases", """{"name":"my.db","service":"svc"}""");

        var unquoted = await PutAsync(http, standIn, "/v1/databaseSchemas", """{"name":"s","database":"svc.my.db"}""");
        var quoted = await PutAsync(http, standIn, "/v1/databaseSchemas", """{"name":"s","database":"svc.\"my.db\""}""");

        Assert.Equal(HttpStatusCode.NotFound, unquoted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, quoted.StatusCode);
    }

    [Fact]
    public async Task Put_WithoutTheToken_Answers401()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        standIn.Token = "secret";
        using var http = new HttpClient();

        var response = await PutAsync(http, standIn, "/v1/services/databaseServices", Service);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PutTable_Twice_KeepsOneEntityAnswering201Then200()
    {
        await using var standIn = await OpenMetadataStandIn.StartAsync();
        using var http = new HttpClient();
        await PutParentsAsync(http, standIn);
        const string table = """{"name":"t.x","databaseSchema":"svc.db.\"s.1\"","columns":[{"name":"c","dataType":"INT"}]}""";

        var first = await PutAsync(http, standIn, "/v1/tables", table);
        var second = await PutAsync(http, standIn, "/v1/tables", table);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var stored = Assert.Single(standIn.Tables);
        Assert.Equal("svc.db.\"s.1\".\"t.x\"", stored.FullyQualifiedName);
        Assert.Equal((1, 1), (stored.Creates, stored.Updates));
    }

    [Fact]
    public async Task Faults_SameSeed_InjectTheSameSequence()
    {
        var statuses = new List<IReadOnlyList<int>>();
        for (var run = 0; run < 2; run++)
        {
            await using var standIn = await OpenMetadataStandIn.StartAsync();
            standIn.Faults.Rate = 0.5;
            standIn.Faults.Seed = 3;
            using var http = new HttpClient();
            for (var i = 0; i < 20; i++)
            {
                await http.GetAsync(new Uri(standIn.BaseUrl + "/v1/system/version"));
            }

            statuses.Add([.. standIn.Calls.Select(c => c.Status)]);
        }

        Assert.Equal(statuses[0], statuses[1]);
        Assert.Contains(500, statuses[0]);
        Assert.Contains(200, statuses[0]);
    }

    private static async Task PutParentsAsync(HttpClient http, OpenMetadataStandIn standIn)
    {
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(http, standIn, "/v1/services/databaseServices", Service)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(http, standIn, "/v1/databases", Database)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(http, standIn, "/v1/databaseSchemas", Schema)).StatusCode);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, OpenMetadataStandIn standIn, string path, string body) =>
        http.PutAsync(new Uri(standIn.BaseUrl + path), new StringContent(body, Encoding.UTF8, "application/json"));
}
