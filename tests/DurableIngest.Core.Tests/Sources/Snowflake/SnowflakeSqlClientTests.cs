using DurableIngest.Failures;
using DurableIngest.Sources.Snowflake;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging.Abstractions;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeSqlClientTests
{
    private static readonly SnowflakeStatement Schemata =
        new("SELECT SCHEMA_NAME FROM \"SALES\".INFORMATION_SCHEMA.SCHEMATA ORDER BY SCHEMA_NAME", "SALES");

    private static SnowflakeSqlClient Client(SnowflakeHarness harness, TimeProvider time, out SnowflakeCredential credential, string extra = "", string auth = "privateKey: ${" + SnowflakeHarness.KeyVariable + "}")
    {
        var options = SnowflakeOptions.Read(harness.Load(harness.Workflow(extra, auth: auth)).Source.Connection)!;
        credential = options.CreateCredential();
        return new SnowflakeSqlClient(options, credential, time, NullLogger.Instance);
    }

    [Fact]
    public async Task Execute_StatementStillRunning_PollsTheHandleUntilDoneWithGrowingWaits()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.AsyncPolls = 3;
        var time = new InstantTimeProvider();
        var client = Client(harness, time, out var credential);
        using var _ = credential;

        var result = await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal(["EMPTY", "INFORMATION_SCHEMA", "PUBLIC", "RESTRICTED"], result.Rows.Select(r => r[0]));
        Assert.Equal([202, 202, 202, 200], harness.StandIn.Requests.Select(r => r.Status));
        Assert.Equal(["POST", "GET", "GET", "GET"], harness.StandIn.Requests.Select(r => r.Method));
        Assert.Equal([0.5, 1, 2], time.Delays.Select(d => d.TotalSeconds));
    }

    [Fact]
    public async Task Execute_ResultInPartitions_FetchesEveryPartitionInOrder()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.PartitionRows = 7;
        var client = Client(harness, new InstantTimeProvider(), out var credential);
        using var _ = credential;
        var statement = new SnowflakeStatement(
            "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME FROM \"SALES\".INFORMATION_SCHEMA.COLUMNS ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION", "SALES");

        var result = await client.ExecuteAsync(statement, CancellationToken.None);

        Assert.Equal(["TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME"], result.Columns);
        Assert.Equal(6, result.Partitions);
        Assert.Equal(36, result.Rows.Count);
        Assert.Equal(result.Rows.OrderBy(r => r[0], StringComparer.Ordinal).ThenBy(r => r[1], StringComparer.Ordinal).Select(r => r[1]), result.Rows.Select(r => r[1]));
        Assert.Equal(
            ["/api/v2/statements/{h}?partition=1", "/api/v2/statements/{h}?partition=2", "/api/v2/statements/{h}?partition=3", "/api/v2/statements/{h}?partition=4", "/api/v2/statements/{h}?partition=5"],
            harness.StandIn.Requests.Skip(1).Select(r => System.Text.RegularExpressions.Regex.Replace(r.Target, "statements/[^?]+", "statements/{h}")));
    }

    [Fact]
    public async Task Execute_TooManyRequestsWithRetryAfter_WaitsExactlyRetryAfterAndResubmitsWithTheSameRequestId()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.Faults.FailNext(1, 429);
        harness.StandIn.Faults.RetryAfterSeconds = 7;
        var time = new InstantTimeProvider();
        var client = Client(harness, time, out var credential);
        using var _ = credential;

        var result = await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal(4, result.Rows.Count);
        Assert.Equal([429, 200], harness.StandIn.Requests.Select(r => r.Status));
        Assert.Equal([TimeSpan.FromSeconds(7)], time.Delays);
        var statement = Assert.Single(harness.StandIn.Statements);
        Assert.True(statement.Retry);
        Assert.Contains($"requestId={statement.RequestId}&retry=true", harness.StandIn.Requests[1].Target, StringComparison.Ordinal);
        Assert.DoesNotContain("retry", harness.StandIn.Requests[0].Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_AnswerLostAfterTheStatementRan_RetryIsAnsweredFromTheFirstExecution()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.LoseNextAnswers(1);
        var client = Client(harness, new InstantTimeProvider(), out var credential);
        using var _ = credential;

        var result = await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal(4, result.Rows.Count);
        Assert.Equal([503, 200], harness.StandIn.Requests.Select(r => r.Status));
        Assert.Equal([true, false], harness.StandIn.Statements.Select(s => s.Executed));
        Assert.Single(harness.StandIn.Statements.Select(s => s.RequestId).Distinct());
    }

    [Theory]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Execute_UnavailableBeyondRetries_ThrowsTransientNamingTheAccount(int status)
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.Faults.FailNext(3, status);
        harness.StandIn.Faults.RetryAfterSeconds = 0;
        var time = new InstantTimeProvider();
        var client = Client(harness, time, out var credential, "maxRetries: 2");
        using var _ = credential;

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(Schemata, CancellationToken.None));

        Assert.True(ErrorClassifier.IsTransient(error));
        Assert.Equal(status, error.StatusCode);
        Assert.Contains("account 'myorg-account1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, harness.StandIn.Requests.Count);
    }

    [Fact]
    public async Task Execute_UnavailableWithoutRetryAfter_BacksOffWithJitterFromOneSecond()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.Faults.FailNext(3, 503);
        harness.StandIn.Faults.RetryAfterSeconds = -1;
        var time = new InstantTimeProvider();
        var client = Client(harness, time, out var credential);
        using var _ = credential;

        await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal([503, 503, 503, 200], harness.StandIn.Requests.Select(r => r.Status));
        Assert.Equal(3, time.Delays.Count);
        Assert.All(time.Delays, d => Assert.InRange(d, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(60)));
        Assert.NotEqual(1, time.Delays.Distinct().Count());
    }

    [Fact]
    public async Task Execute_RetryAfterDateAlreadyPast_ResubmitsWithoutWaiting()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.Faults.FailNext(1, 429);
        harness.StandIn.Faults.RetryAfterAsDate = true;
        harness.StandIn.Faults.RetryAfterSeconds = 0;
        var time = new InstantTimeProvider();
        var client = Client(harness, time, out var credential);
        using var _ = credential;

        await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal([429, 200], harness.StandIn.Requests.Select(r => r.Status));
        Assert.Empty(time.Delays);
    }

    [Fact]
    public async Task Execute_CompilationError_ThrowsPermanentWithSnowflakesCodeAndMessage()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        var client = Client(harness, new InstantTimeProvider(), out var credential);
        using var _ = credential;

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(new SnowflakeStatement("SELECT NOPE FROM \"SALES\".INFORMATION_SCHEMA.TABLES", "SALES"), CancellationToken.None));

        Assert.False(ErrorClassifier.IsTransient(error));
        Assert.Equal((422, "001003", "42000"), (error.StatusCode, error.Code, error.SqlState));
        Assert.Contains("SQL compilation error", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.StandIn.Requests);
    }

    [Fact]
    public async Task Execute_CallerCancelsWhileTheStatementRuns_CancelsItOnSnowflake()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.AsyncPolls = int.MaxValue;
        var client = Client(harness, TimeProvider.System, out var credential);
        using var _ = credential;
        using var cancellation = new CancellationTokenSource();

        var running = client.ExecuteAsync(Schemata, cancellation.Token);
        // A polling GET answered 202 means the client has read the handle; the submission's 202 alone is recorded by
        // the stand-in before the client has read it, and a cancel then has no handle to name.
        await Poll.UntilAsync(() => harness.StandIn.Requests.Any(r => r.Method == "GET" && r.Status == 202));
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        var handle = Assert.Single(harness.StandIn.Cancelled);
        Assert.Contains(harness.StandIn.Requests, r => r.Method == "POST" && r.Target == $"/api/v2/statements/{handle}/cancel" && r.Status == 200);
    }

    [Theory]
    [InlineData("oauthToken", "OAUTH")]
    [InlineData("programmaticAccessToken", "PROGRAMMATIC_ACCESS_TOKEN")]
    public async Task Execute_TokenAuthentication_SendsTheTokenWithItsType(string setting, string tokenType)
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        harness.StandIn.AcceptOAuthToken("oauth-token-123");
        harness.StandIn.AcceptProgrammaticAccessToken("pat-token-456");
        var token = setting == "oauthToken" ? "oauth-token-123" : "pat-token-456";
        var client = Client(harness, new InstantTimeProvider(), out var credential, auth: $"{setting}: {token}");
        using var _ = credential;

        await client.ExecuteAsync(Schemata, CancellationToken.None);

        Assert.Equal((200, tokenType), (harness.StandIn.Requests[0].Status, harness.StandIn.Requests[0].TokenType));
    }

    [Fact]
    public async Task Execute_TokenRefused_FailsPermanentlyNamingTheSettingNotTheToken()
    {
        await using var harness = await SnowflakeHarness.StartAsync();
        var client = Client(harness, new InstantTimeProvider(), out var credential, auth: "oauthToken: expired-token-789");
        using var _ = credential;

        var error = await Assert.ThrowsAsync<SnowflakeApiException>(() => client.ExecuteAsync(Schemata, CancellationToken.None));

        Assert.Equal(401, error.StatusCode);
        Assert.Contains("the token in oauthToken is invalid or expired", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("expired-token-789", error.Message, StringComparison.Ordinal);
    }
}
