using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Core.Tests.Configuration;

public sealed class WorkflowConfigLoaderTests
{
    private const string Valid = """
        source:
          type: sqlite
          serviceName: local_sqlite
          serviceConnection:
            config:
              type: SQLite
              databaseMode: ":memory:"
              scheme: sqlite+pysqlite
              supportsMetadataExtraction: true
              connectionArguments: {}
          sourceConfig:
            config:
              type: DatabaseMetadata
              includeTags: true
              includeStoredProcedures: true
              includeDDL: false
              queryLogDuration: 1
        sink:
          type: file
          config:
            path: ./out
        workflowConfig:
          loggerLevel: DEBUG
          openMetadataServerConfig:
            hostPort: http://localhost:8585/api
            authProvider: openmetadata
            securityConfig:
              jwtToken: token
            storeServiceConnection: true
          distributedExecution:
            enabled: true
            parallelism: 6
            chunkSize: 50
            namespace: metadata
            image: openmetadata/ingestion:latest
            retryPolicy:
              maxAttempts: 5
              backoffSeconds: 3
              backoffFactor: 1.5
              maxBackoffSeconds: 30
            timeoutSeconds: 3600
            successThreshold: 95
        """;

    private static WorkflowConfigLoader Loader(params (string Name, string Value)[] environment) =>
        new(BuiltInConnectors.Create(), name => environment.FirstOrDefault(e => e.Name == name).Value);

    private static IReadOnlyList<ConfigProblem> Problems(string yaml, params (string, string)[] environment)
    {
        Assert.Null(Loader(environment).TryLoad(yaml, out var problems));
        return problems;
    }

    [Fact]
    public void Load_OpenMetadataFileWithKeysWeDoNotUse_LoadsEveryValue()
    {
        var config = Loader().Load(Valid, "valid.yaml");

        Assert.Equal(("sqlite", "local_sqlite", "file"), (config.Source.Type, config.Source.ServiceName, config.Sink.Type));
        var distributed = config.Workflow.Distributed;
        Assert.Equal((6, 50, 95.0, 3600), (distributed.EffectiveParallelism(hostDefault: 32), distributed.ChunkSize, distributed.SuccessThreshold, distributed.TimeoutSeconds));
        Assert.Equal((5, 3.0, 1.5, 30.0), (distributed.RetryPolicy.MaxAttempts, distributed.RetryPolicy.BackoffSeconds, distributed.RetryPolicy.BackoffFactor, distributed.RetryPolicy.MaxBackoffSeconds));
        Assert.Equal(("DEBUG", "token"), (config.Workflow.LoggerLevel, config.Workflow.OpenMetadataServer.JwtToken));
    }

    [Fact]
    public void Load_DistributedExecutionAbsent_RunsWithTheDefaultsOfTheHostThatStartsIt()
    {
        var yaml = Valid[..Valid.IndexOf("  distributedExecution:", StringComparison.Ordinal)];

        var distributed = Loader().Load(yaml, "x.yaml").Workflow.Distributed;

        Assert.True(distributed.Enabled);
        Assert.Null(distributed.Parallelism);
        Assert.Equal(32, distributed.EffectiveParallelism(hostDefault: 32));
        Assert.Equal(12, distributed.EffectiveParallelism(hostDefault: DistributedExecutionOptions.LocalDefaultParallelismFor(processorCount: 6)));
        Assert.Equal(90, distributed.SuccessThreshold);
    }

    [Fact]
    public void Load_DistributedExecutionDisabled_RunsOneChunkAtATimeWhateverTheParallelism()
    {
        var distributed = Loader().Load(Valid.Replace("enabled: true", "enabled: false", StringComparison.Ordinal), "x.yaml").Workflow.Distributed;

        Assert.Equal((6, 1), (distributed.Parallelism, distributed.EffectiveParallelism(hostDefault: 32)));
        Assert.Equal((3.0, 0.0), (distributed.HedgeSlowChunks, distributed.EffectiveHedgeSlowChunks));
    }

    [Theory]
    [InlineData(null, 3.0)]
    [InlineData("0", 0.0)]
    [InlineData("1.5", 1.5)]
    [InlineData("10", 10.0)]
    public void Load_HedgeSlowChunks_DefaultsToThreeMediansAndZeroTurnsItOff(string? value, double expected)
    {
        var yaml = value is null ? Valid : Valid.Replace("enabled: true", $"enabled: true\n    hedgeSlowChunks: {value}", StringComparison.Ordinal);

        var distributed = Loader().Load(yaml, "x.yaml").Workflow.Distributed;

        Assert.Equal(expected, distributed.HedgeSlowChunks);
        var request = new IngestionRequest("r", 2, 10, ActivityRetryPolicy.From(distributed.RetryPolicy, 60), 90, distributed.HedgeSlowChunks);
        Assert.Equal(expected == 0 ? null : new ActivityHedging(expected), request.ChunkHedging);
    }

    [Theory]
    [InlineData("1.2", "must be 0 (off) or at least 1.5 times the median chunk, not 1.2")]
    [InlineData("-1", "must be >= 0")]
    public void Load_HedgeSlowChunksThatWouldRaceEveryChunk_IsRefusedNamingTheSetting(string value, string message)
    {
        var problem = Assert.Single(Problems(Valid.Replace("enabled: true", $"enabled: true\n    hedgeSlowChunks: {value}", StringComparison.Ordinal)));

        Assert.Equal("workflowConfig.distributedExecution.hedgeSlowChunks", problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local", "remove this key.")]
    [InlineData("azure-functions", "remove this key.")]
    [InlineData("argo", "post the workflow to the Function App")]
    public void Load_Orchestrator_IsRefusedSayingTheHostOrchestratesAndWhatToDo(string value, string advice)
    {
        var problem = Assert.Single(Problems(Valid.Replace("enabled: true", $"enabled: true\n    orchestrator: {value}", StringComparison.Ordinal)));

        Assert.Equal("workflowConfig.distributedExecution.orchestrator", problem.Path);
        Assert.Contains($"is not a setting ('{value}'): the host that runs a workflow orchestrates it", problem.Message, StringComparison.Ordinal);
        Assert.Contains(advice, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EnvironmentReferences_AreSubstitutedWithDefaults()
    {
        var yaml = Valid.Replace("token", "${OM_TOKEN}", StringComparison.Ordinal).Replace("./out", "${OUT_DIR:-./catalog}", StringComparison.Ordinal);

        var config = Loader(("OM_TOKEN", "from-env")).Load(yaml, "x.yaml");

        Assert.Equal("from-env", config.Workflow.OpenMetadataServer.JwtToken);
        Assert.Equal("./catalog", config.Sink.Config.GetString("path"));
    }

    [Fact]
    public void Load_UnsetVariableWithoutDefault_NamesTheVariableAndItsPath()
    {
        var problem = Assert.Single(Problems(Valid.Replace("jwtToken: token", "jwtToken: ${OM_JWT}", StringComparison.Ordinal)));

        Assert.Equal("workflowConfig.openMetadataServerConfig.securityConfig.jwtToken", problem.Path);
        Assert.Contains("OM_JWT", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0);
    }

    [Fact]
    public void Load_MissingSourceType_ReportsSourceTypeRequiredWithItsLine()
    {
        var problem = Assert.Single(Problems(Valid.Replace("  type: sqlite\n", string.Empty, StringComparison.Ordinal)));

        Assert.Equal("source.type", problem.Path);
        Assert.Equal("required", problem.Message);
        Assert.Equal(2, problem.Line); // the source block's first line
    }

    [Fact]
    public void Load_UnknownSourceType_ListsTheSupportedOnes()
    {
        var problem = Assert.Single(Problems(Valid.Replace("type: sqlite", "type: oracle", StringComparison.Ordinal)));

        Assert.Equal("source.type", problem.Path);
        Assert.Contains("unknown source type 'oracle'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("sqlite", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parallelism: 6", "parallelism: -2", "workflowConfig.distributedExecution.parallelism", "must be >= 1")]
    [InlineData("backoffFactor: 1.5", "backoffFactor: 0.5", "workflowConfig.distributedExecution.retryPolicy.backoffFactor", "must be >= 1")]
    [InlineData("maxAttempts: 5", "maxAttempts: 0", "workflowConfig.distributedExecution.retryPolicy.maxAttempts", "must be >= 1")]
    [InlineData("backoffSeconds: 3", "backoffSeconds: 0", "workflowConfig.distributedExecution.retryPolicy.backoffSeconds", "must be > 0")]
    [InlineData("maxBackoffSeconds: 30", "maxBackoffSeconds: 1", "workflowConfig.distributedExecution.retryPolicy.maxBackoffSeconds", "must be >= backoffSeconds")]
    [InlineData("successThreshold: 95", "successThreshold: 120", "workflowConfig.distributedExecution.successThreshold", "must be <= 100")]
    [InlineData("chunkSize: 50", "chunkSize: many", "workflowConfig.distributedExecution.chunkSize", "must be a whole number")]
    [InlineData("enabled: true", "enabled: perhaps", "workflowConfig.distributedExecution.enabled", "true or false")]
    [InlineData("loggerLevel: DEBUG", "loggerLevel: LOUD", "workflowConfig.loggerLevel", "must be one of")]
    [InlineData("type: file", "type: s3", "sink.type", "unknown sink type 's3'")]
    public void Load_BadValue_NamesItsPathAndWhatIsWrong(string from, string to, string path, string message)
    {
        var problem = Assert.Single(Problems(Valid.Replace(from, to, StringComparison.Ordinal)));

        Assert.Equal(path, problem.Path);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0, "the problem names its line");
    }

    [Fact]
    public void Load_BadRegexInTableFilterPattern_NamesThePatternAndItsPath()
    {
        var yaml = Valid.Replace("      includeTags: true", "      includeTags: true\n      tableFilterPattern:\n        includes: [\"orders\", \"(unclosed\"]", StringComparison.Ordinal);

        var problem = Assert.Single(Problems(yaml));

        Assert.Equal("source.sourceConfig.config.tableFilterPattern.includes", problem.Path);
        Assert.Contains("(unclosed", problem.Message, StringComparison.Ordinal);
        Assert.Contains("not a valid regular expression", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FilterPatternsUnderServiceConnection_AreReadThere()
    {
        var yaml = Valid.Replace("      connectionArguments: {}", "      connectionArguments: {}\n      schemaFilterPattern:\n        excludes: [\"^tmp\"]", StringComparison.Ordinal);

        var config = Loader().Load(yaml, "x.yaml");

        Assert.False(config.Source.Metadata.SchemaFilter.Keeps("tmp_stage"));
        Assert.True(config.Source.Metadata.SchemaFilter.Keeps("main"));
    }

    [Fact]
    public void Load_TabIndentedYaml_ReportsTheLineAndColumnAndSaysWhy()
    {
        var yaml = Valid.Replace("    path: ./out", "\tpath: ./out", StringComparison.Ordinal);

        var problem = Assert.Single(Problems(yaml));

        Assert.Contains("YAML syntax error", problem.Message, StringComparison.Ordinal);
        Assert.Contains("tabs", problem.Message, StringComparison.Ordinal);
        Assert.Equal((21, 1), (problem.Line, problem.Column));
    }

    [Fact]
    public void Load_SeveralMistakes_ReportsEveryOneAtOnce()
    {
        var yaml = Valid
            .Replace("  type: sqlite\n", string.Empty, StringComparison.Ordinal)
            .Replace("parallelism: 6", "parallelism: 0", StringComparison.Ordinal)
            .Replace("backoffFactor: 1.5", "backoffFactor: 0.9", StringComparison.Ordinal);

        var paths = Problems(yaml).Select(p => p.Path).ToList();

        Assert.Equal(["source.type", "workflowConfig.distributedExecution.parallelism", "workflowConfig.distributedExecution.retryPolicy.backoffFactor"], paths.Order().ToList());
    }

    [Fact]
    public void Load_MissingTopLevelBlocks_SaysWhatIsRequired()
    {
        var paths = Problems("workflowConfig:\n  loggerLevel: INFO\n").Select(p => p.Path).ToList();

        Assert.Contains("source", paths);
        Assert.Contains("sink", paths);
    }
}
