using System.Net;
using System.Text;
using System.Text.Json;
using DurableIngest.Core.Tests.Support;
using DurableIngest.Http;
using DurableIngest.RunStore;
using Xunit;

namespace DurableIngest.Core.Tests.Http;

public sealed class IngestRequestReaderTests
{
    private const string JsonWorkflow = """
        {
        	"source": {
        		"type": "configonly",
        		"serviceName": "local_test",
        		"serviceConnection": { "config": { "type": "ConfigOnly", "hostPort": "localhost:5432", "password": "${PG_PASSWORD}" } }
        	},
        	"sink": { "type": "file", "config": { "path": "./catalog" } },
        	"workflowConfig": { "loggerLevel": "INFO" }
        }
        """;

    private static readonly IngestRequestReader Functions = new(TestWorkflows.Loader(), new IngestRequestOptions { RefuseLiteralSecrets = true });
    private static readonly IngestRequestReader Local = new(TestWorkflows.Loader(), new IngestRequestOptions());

    [Theory]
    [InlineData("application/yaml")]
    [InlineData("text/yaml; charset=utf-8")]
    [InlineData("application/x-yaml")]
    public async Task ReadAsync_YamlByContentType_IsAValidWorkflow(string contentType)
    {
        var body = await ReadAsync(Functions, TestWorkflows.WithReference, contentType);

        Assert.True(body.IsValid);
        Assert.Equal(IngestBodyFormat.Yaml, body.Format);
        Assert.Equal("local_test", body.Config!.Source.ServiceName);
        Assert.Empty(body.Problems);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/plain")]
    [InlineData(null)]
    public async Task ReadAsync_JsonIndentedWithTabs_IsRecognisedAndValid(string? contentType)
    {
        var body = await ReadAsync(Functions, JsonWorkflow, contentType);

        Assert.True(body.IsValid, string.Join("; ", body.Problems));
        Assert.Equal(IngestBodyFormat.Json, body.Format);
        Assert.Equal("file", body.Config!.Sink.Type);
        Assert.DoesNotContain('\t', body.Text!);
    }

    [Fact]
    public async Task ReadAsync_YamlSentByCurlDataBinaryWithoutAContentType_IsSniffedAsYaml()
    {
        // curl --data-binary @file labels the body application/x-www-form-urlencoded unless given -H Content-Type.
        var body = await ReadAsync(Functions, TestWorkflows.WithReference, "application/x-www-form-urlencoded");

        Assert.True(body.IsValid, string.Join("; ", body.Problems));
        Assert.Equal(IngestBodyFormat.Yaml, body.Format);
    }

    [Fact]
    public async Task ReadAsync_YamlWithoutContentType_IsSniffedAsYaml()
    {
        var body = await ReadAsync(Functions, TestWorkflows.WithReference, null);

        Assert.Equal(IngestBodyFormat.Yaml, body.Format);
        Assert.True(body.IsValid);
    }

    [Fact]
    public async Task ReadAsync_BodyOverTheLimitByContentLength_Is413WithoutReading()
    {
        var reader = new IngestRequestReader(TestWorkflows.Loader(), new IngestRequestOptions { MaxBytes = 100 });
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(TestWorkflows.WithReference));

        var body = await reader.ReadAsync(stream, "application/yaml", stream.Length, CancellationToken.None);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.Status);
        Assert.Equal(0, stream.Position);
        Assert.Contains("limit of 100 bytes", Assert.Single(body.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_BodyOverTheLimitWithoutContentLength_Is413()
    {
        var reader = new IngestRequestReader(TestWorkflows.Loader(), new IngestRequestOptions { MaxBytes = 100 });

        var body = await ReadAsync(reader, TestWorkflows.WithReference, "application/yaml", announceLength: false);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.Status);
        Assert.False(body.IsValid);
    }

    [Fact]
    public async Task ReadAsync_BodyExactlyAtTheLimit_IsRead()
    {
        var bytes = Encoding.UTF8.GetByteCount(TestWorkflows.WithReference);
        var reader = new IngestRequestReader(TestWorkflows.Loader(), new IngestRequestOptions { MaxBytes = bytes });

        Assert.True((await ReadAsync(reader, TestWorkflows.WithReference, "application/yaml", announceLength: false)).IsValid);
    }

    [Fact]
    public async Task ReadAsync_UnsupportedContentType_Is415NamingTheAcceptedTypes()
    {
        var body = await ReadAsync(Functions, TestWorkflows.WithReference, "multipart/form-data; boundary=x");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, body.Status);
        Assert.Contains("application/yaml", Assert.Single(body.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_EmptyBody_Is400()
    {
        var body = await ReadAsync(Functions, "  \n", "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        Assert.Contains("empty", Assert.Single(body.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotUtf8_Is400()
    {
        using var stream = new MemoryStream([0x73, 0x6F, 0xFF, 0xFE, 0x3A]);

        var body = await Functions.ReadAsync(stream, "application/yaml", null, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        Assert.Contains("UTF-8", Assert.Single(body.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_JsonSyntaxError_Is400WithItsLine()
    {
        var body = await ReadAsync(Functions, "{\n  \"source\": {\n  \"sink\": 1\n", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        Assert.StartsWith("JSON syntax error at line", Assert.Single(body.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_InvalidWorkflow_Is400WithEveryProblemAndItsPath()
    {
        var text = TestWorkflows.WithReference
            .Replace("type: file", "type: nowhere", StringComparison.Ordinal)
            .Replace("  serviceName: local_test\n", string.Empty, StringComparison.Ordinal)
            .Replace("loggerLevel: INFO", "loggerLevel: LOUD", StringComparison.Ordinal);

        var body = await ReadAsync(Functions, text, "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        Assert.Equal(["source.serviceName", "sink.type", "workflowConfig.loggerLevel"], body.Problems.Select(p => p.Path));
        Assert.All(body.Problems, p => Assert.True(p.Line > 0));
    }

    [Fact]
    public async Task ReadAsync_UnsetVariable_Is400NamingTheVariable()
    {
        var text = TestWorkflows.WithReference.Replace("${PG_PASSWORD}", "${MISSING_PASSWORD}", StringComparison.Ordinal);

        var problem = Assert.Single((await ReadAsync(Functions, text, "application/yaml")).Problems);

        Assert.Equal("source.serviceConnection.config.password", problem.Path);
        Assert.Contains("MISSING_PASSWORD is not set", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LiteralSecretOnAHostThatRefusesThem_Is400ExplainingWhyWithoutTheValue()
    {
        var body = await ReadAsync(Functions, TestWorkflows.WithLiteralPassword, "application/yaml");

        Assert.Equal(HttpStatusCode.BadRequest, body.Status);
        var problem = Assert.Single(body.Problems);
        Assert.Equal("source.serviceConnection.config.password", problem.Path);
        Assert.Equal(9, problem.Line);
        Assert.Contains("${VAR}", problem.Message, StringComparison.Ordinal);
        Assert.Contains("restarts and scales out", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-literal", JsonSerializer.Serialize(body.ToErrorDocument(), RunStoreJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LiteralSecretOnTheLocalHost_IsAccepted()
    {
        Assert.True((await ReadAsync(Local, TestWorkflows.WithLiteralPassword, "application/yaml")).IsValid);
    }

    [Fact]
    public async Task ToErrorDocument_RefusedBody_SerializesEveryProblemWithPathAndLine()
    {
        var body = await ReadAsync(Functions, TestWorkflows.WithLiteralPassword.Replace("type: file", "type: nowhere", StringComparison.Ordinal), "application/yaml");

        using var json = JsonDocument.Parse(RunStoreJson.Serialize(body.ToErrorDocument()));

        Assert.Equal("the workflow is invalid", json.RootElement.GetProperty("error").GetString());
        var problems = json.RootElement.GetProperty("problems").EnumerateArray().ToList();
        Assert.Equal(["source.serviceConnection.config.password", "sink.type"], problems.Select(p => p.GetProperty("path").GetString()));
        Assert.All(problems, p => Assert.True(p.GetProperty("line").GetInt32() > 0));
    }

    private static async Task<IngestRequestBody> ReadAsync(IngestRequestReader reader, string text, string? contentType, bool announceLength = true)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await reader.ReadAsync(stream, contentType, announceLength ? stream.Length : null, CancellationToken.None);
    }
}
