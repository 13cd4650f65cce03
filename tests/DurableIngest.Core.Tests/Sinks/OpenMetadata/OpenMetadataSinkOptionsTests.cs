using DurableIngest.Configuration;
using DurableIngest.Sinks.OpenMetadata;
using Xunit;
using static DurableIngest.Core.Tests.Sinks.OpenMetadata.OpenMetadataSinkHarness;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

public sealed class OpenMetadataSinkOptionsTests
{
    [Fact]
    public void Read_EverythingWrong_ReportsEveryProblemAtOnceWithPathAndValue()
    {
        var problems = new ConfigProblems();
        var config = Section("bulk: sometimes\nrequestTimeoutSeconds: 0\nmaxRetries: -1\nretryBackoffSeconds: 5\nmaxRetryBackoffSeconds: 1\n", problems);

        var options = OpenMetadataSinkOptions.Read(new SinkSettings { Type = "metadata-rest", Config = config }, WorkflowWith(hostPort: null), problems);

        Assert.Null(options);
        var text = string.Join("\n", problems.Select(p => p.ToString()));
        Assert.Contains("workflowConfig.openMetadataServerConfig.hostPort: required", text, StringComparison.Ordinal);
        Assert.Contains("sink.config.bulk: must be auto, always or never, not 'sometimes'", text, StringComparison.Ordinal);
        Assert.Contains("sink.config.requestTimeoutSeconds: must be >= 0.01, not 0", text, StringComparison.Ordinal);
        Assert.Contains("sink.config.maxRetries: must be >= 0, not -1", text, StringComparison.Ordinal);
        Assert.Contains("sink.config.maxRetryBackoffSeconds: maxRetryBackoffSeconds (1) must be >= retryBackoffSeconds (5)", text, StringComparison.Ordinal);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void Read_Defaults_FollowTheWorkflowRetryPolicy()
    {
        var problems = new ConfigProblems();

        var options = OpenMetadataSinkOptions.Read(
            new SinkSettings { Type = "metadata-rest", Config = Section("{}", problems) },
            WorkflowWith("http://localhost:8585/api", token: "t", maxAttempts: 4),
            problems);

        Assert.Empty(problems);
        Assert.NotNull(options);
        Assert.Equal(new Uri("http://localhost:8585/api/"), options.ApiBase);
        Assert.Equal(BulkMode.Auto, options.Bulk);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RequestTimeout);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(0.01), options.RetryBackoff);
        Assert.Equal("t", options.JwtToken);
    }

    [Fact]
    public void Read_NonHttpHostPort_SaysWhatToUse()
    {
        var problems = new ConfigProblems();

        OpenMetadataSinkOptions.Read(new SinkSettings { Type = "metadata-rest", Config = Section("{}", problems) }, WorkflowWith("ftp://catalog/api"), problems);

        Assert.Contains(problems, p => p.Path == OpenMetadataSinkOptions.HostPortPath && p.Message.Contains("http://", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_InvalidSettings_ThrowsConfigExceptionListingThem()
    {
        var provider = new OpenMetadataSinkProvider();

        var error = Assert.Throws<ConfigException>(() => provider.Create(
            new SinkSettings { Type = "metadata-rest", Config = Section("bulk: maybe") },
            WorkflowWith(hostPort: null),
            new DurableIngest.Connectors.ConnectorContext()));

        Assert.Equal(2, error.Problems.Count);
    }
}
