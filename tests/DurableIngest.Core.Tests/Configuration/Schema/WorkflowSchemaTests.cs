using System.Text.Json;
using DurableIngest.Configuration;
using DurableIngest.Configuration.Schema;
using DurableIngest.Connectors;
using DurableIngest.Testing;
using DurableIngest.Testing.SnowflakeStandIn;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Configuration.Schema;

/// <summary>
/// The generated schema against what <c>validate</c> does: every example and OpenMetadata-style workflow passes both,
/// every broken config the loader refuses the schema refuses too, and the semantic checks a schema cannot make are
/// left to the loader (and listed here).
/// </summary>
public sealed class WorkflowSchemaTests
{
    private static readonly JsonSchema Schema = WorkflowSchema.Create(BuiltInConnectors.Create());

    // One key for every case: making and encrypting an RSA key is the slow part of these tests.
    private static readonly Lazy<Dictionary<string, string>> SharedEnvironment = new(() =>
    {
        using var keys = new SnowflakeKeyPair();
        return new()
        {
            ["PG_PASSWORD"] = "pg-secret",
            ["MYSQL_PASSWORD"] = "mysql-secret",
            ["REDSHIFT_PASSWORD"] = "redshift-secret",
            ["REDSHIFT_HOST_PORT"] = "cluster.example.eu-west-1.redshift.amazonaws.com:5439",
            ["REDSHIFT_USER"] = "awsuser",
            ["OPENMETADATA_JWT_TOKEN"] = "jwt",
            ["SNOWFLAKE_PRIVATE_KEY"] = keys.EncryptedPrivateKeyPem,
            ["SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"] = SnowflakeKeyPair.Passphrase,
            ["PG_PORT"] = "5433",
            ["PG_HOST_PORT"] = "db.internal:5432",
            ["PARALLELISM"] = "4",
        };
    });

    public static TheoryData<string> Examples => [.. Directory.GetFiles(Path.Combine(CliProcess.RepositoryRoot, "examples"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> OpenMetadataWorkflows => [.. WorkflowFiles("openmetadata-")];

    public static TheoryData<string> MaximalWorkflows => [.. WorkflowFiles("maximal-")];

    private static string Workflows => Path.Combine(CliProcess.RepositoryRoot, "tests", "DurableIngest.Core.Tests", "Configuration", "Schema", "Workflows");

    [Theory]
    [MemberData(nameof(Examples))]
    public void Evaluate_ExampleWorkflow_IsAcceptedByTheSchemaAndTheLoader(string name)
    {
        var text = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "examples", name));

        Assert.StartsWith("# yaml-language-server: $schema=../schemas/workflow.schema.json\n", text, StringComparison.Ordinal);
        AssertAccepted(text, CliProcess.RepositoryRoot);
    }

    [Fact]
    public void Examples_ScheduleFiles_AreNotWorkflowsAndAreNotChecked()
    {
        // A schedule names a workflow file (config:) rather than being one: the workflow schema does not describe it.
        var schedule = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, "examples", "schedules", "nightly-postgres.yaml"));

        Assert.False(Evaluate(schedule).IsValid);
        Assert.Contains("config: ../postgres-local.yaml", schedule, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OpenMetadataWorkflows))]
    public void Evaluate_OpenMetadataWorkflowWithKeysWeIgnore_IsAcceptedByTheSchemaAndTheLoader(string name) =>
        AssertAccepted(Workflow(name), Workflows);

    [Theory]
    [MemberData(nameof(MaximalWorkflows))]
    public void Evaluate_MaximalWorkflow_IsAcceptedByTheSchemaAndTheLoader(string name) =>
        AssertAccepted(Workflow(name), Workflows);

    [Theory]
    [MemberData(nameof(MaximalWorkflows))]
    public void Record_MaximalWorkflow_RecordsEveryKeyItUses(string name)
    {
        var recorder = WorkflowSchema.Record(BuiltInConnectors.Create());
        var root = Parse(Workflow(name));
        var source = ((YamlScalarNode)((YamlMappingNode)root["source"])["type"]).Value;
        var sink = ((YamlScalarNode)((YamlMappingNode)root["sink"])["type"]).Value;
        ConfigSchemaNode[] trees =
        [
            recorder.Root,
            recorder.Branches.Single(b => string.Join('.', b.Discriminator) == "source.type" && b.Value == source).Root,
            recorder.Branches.Single(b => string.Join('.', b.Discriminator) == "sink.type" && b.Value == sink).Root,
        ];

        var missing = KeyPaths(root, [], trees).Where(path => !trees.Any(t => Find(t, path)?.Shape is not null)).Select(p => string.Join('.', p)).ToList();

        Assert.True(missing.Count == 0, $"{name} uses keys the schema does not list: {string.Join(", ", missing)}");
    }

    [Fact]
    public void MaximalWorkflows_CoverEverySourceAndSinkType()
    {
        var connectors = BuiltInConnectors.Create();
        var roots = WorkflowFiles("maximal-").Select(name => Parse(Workflow(name))).ToList();

        Assert.Equal(connectors.SourceTypes, roots.Select(r => ((YamlScalarNode)((YamlMappingNode)r["source"])["type"]).Value).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(connectors.SinkTypes, roots.Select(r => ((YamlScalarNode)((YamlMappingNode)r["sink"])["type"]).Value).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("maximal-postgres.yaml", "type: postgres", "type: oracle", "source.type")]
    [InlineData("maximal-postgres.yaml", "type: file", "type: s3", "sink.type")]
    [InlineData("maximal-postgres.yaml", "sink:\n  type: file\n  config:\n    path: ./catalog\n", "", "sink")]
    [InlineData("maximal-postgres.yaml", "  serviceName: local_postgres\n", "", "source.serviceName")]
    [InlineData("maximal-postgres.yaml", "  serviceName: local_postgres\n", "  serviceName: \"\"\n", "source.serviceName")]
    [InlineData("maximal-postgres.yaml", "      username: postgres\n", "", "source.serviceConnection.config.username")]
    [InlineData("maximal-postgres.yaml", "      hostPort: localhost:5432\n", "", "source.serviceConnection.config.hostPort")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: localhost:abc", "source.serviceConnection.config.hostPort")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: localhost:99999", "source.serviceConnection.config.hostPort")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: localhost:0", "source.serviceConnection.config.hostPort")]
    [InlineData("maximal-postgres.yaml", "type: Postgres", "type: Mysql", "source.serviceConnection.config.type")]
    [InlineData("maximal-postgres.yaml", "sslMode: verify-full", "sslMode: sometimes", "source.serviceConnection.config.sslMode")]
    [InlineData("maximal-postgres.yaml", "statementTimeoutSeconds: 600", "statementTimeoutSeconds: 0", "source.serviceConnection.config.statementTimeoutSeconds")]
    [InlineData("maximal-postgres.yaml", "connectTimeoutSeconds: 15", "connectTimeoutSeconds: soon", "source.serviceConnection.config.connectTimeoutSeconds")]
    [InlineData("maximal-postgres.yaml", "ingestAllDatabases: false", "ingestAllDatabases: 1", "source.serviceConnection.config.ingestAllDatabases")]
    [InlineData("maximal-postgres.yaml", "authType:\n        password: secret", "authType:\n        awsConfig:\n          awsRegion: eu-west-1", "source.serviceConnection.config.authType.awsConfig")]
    [InlineData("maximal-postgres.yaml", "application_name: durable-ingest", "application_name: [a, b]", "source.serviceConnection.config.connectionOptions.application_name")]
    [InlineData("maximal-postgres.yaml", "type: DatabaseMetadata", "type: Profiler", "source.sourceConfig.config.type")]
    [InlineData("maximal-postgres.yaml", "includeViews: true", "includeViews: maybe", "source.sourceConfig.config.includeViews")]
    [InlineData("maximal-postgres.yaml", "markDeletedTablesMaxPercent: 25", "markDeletedTablesMaxPercent: 101", "source.sourceConfig.config.markDeletedTablesMaxPercent")]
    [InlineData("maximal-postgres.yaml", "excludes: [template]", "excludes: {template: 1}", "source.sourceConfig.config.databaseFilterPattern.excludes")]
    [InlineData("maximal-postgres.yaml", "    path: ./catalog", "    path: [a, b]", "sink.config.path")]
    [InlineData("maximal-postgres.yaml", "loggerLevel: WARN", "loggerLevel: LOUD", "workflowConfig.loggerLevel")]
    [InlineData("maximal-postgres.yaml", "logEntities: true", "logEntities: 2", "workflowConfig.logEntities")]
    [InlineData("maximal-postgres.yaml", "enabled: true", "enabled: perhaps", "workflowConfig.distributedExecution.enabled")]
    [InlineData("maximal-postgres.yaml", "enabled: true", "enabled: true\n    orchestrator: argo", "workflowConfig.distributedExecution.orchestrator")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism: -2", "workflowConfig.distributedExecution.parallelism")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism: 2000", "workflowConfig.distributedExecution.parallelism")]
    [InlineData("maximal-postgres.yaml", "chunkSize: 100", "chunkSize: many", "workflowConfig.distributedExecution.chunkSize")]
    [InlineData("maximal-postgres.yaml", "maxAttempts: 4", "maxAttempts: 0", "workflowConfig.distributedExecution.retryPolicy.maxAttempts")]
    [InlineData("maximal-postgres.yaml", "backoffSeconds: 1.5", "backoffSeconds: 0", "workflowConfig.distributedExecution.retryPolicy.backoffSeconds")]
    [InlineData("maximal-postgres.yaml", "backoffFactor: 2", "backoffFactor: 0.5", "workflowConfig.distributedExecution.retryPolicy.backoffFactor")]
    [InlineData("maximal-postgres.yaml", "successThreshold: 99.5", "successThreshold: 120", "workflowConfig.distributedExecution.successThreshold")]
    [InlineData("maximal-postgres.yaml", "timeoutSeconds: 3600", "timeoutSeconds: 1.5", "workflowConfig.distributedExecution.timeoutSeconds")]
    [InlineData("maximal-postgres.yaml", "type: local", "type: s3", "workflowConfig.distributedExecution.runStore.type")]
    [InlineData("maximal-postgres.yaml", "  distributedExecution:\n", "  distributedExecution: on\n  ignored:\n", "workflowConfig.distributedExecution")]
    [InlineData("maximal-mysql.yaml", "type: Mysql", "type: Postgres", "source.serviceConnection.config.type")]
    [InlineData("maximal-mysql.yaml", "scheme: mysql+pymysql", "scheme: mysql+mysqldb", "source.serviceConnection.config.scheme")]
    [InlineData("maximal-mysql.yaml", "sslMode: VERIFY_IDENTITY", "sslMode: sometimes", "source.serviceConnection.config.sslMode")]
    [InlineData("maximal-mysql.yaml", "authType:\n        password: secret", "authType:\n        gcpConfig: {}", "source.serviceConnection.config.authType.gcpConfig")]
    [InlineData("maximal-mysql.yaml", "    container: catalog\n", "", "sink.config.container")]
    [InlineData("maximal-mysql.yaml", "    prefix: prod/mysql", "    prefix: prod/mysql\n    contaner: typo", "sink.config.contaner")]
    [InlineData("maximal-mariadb.yaml", "type: MariaDB", "type: Mysql", "source.serviceConnection.config.type")]
    [InlineData("maximal-snowflake.yaml", "      account: myorg-myaccount\n", "", "source.serviceConnection.config.account")]
    [InlineData("maximal-snowflake.yaml", "      warehouse: COMPUTE_WH\n", "", "source.serviceConnection.config.warehouse")]
    [InlineData("maximal-snowflake.yaml", "type: Snowflake", "type: Postgres", "source.serviceConnection.config.type")]
    [InlineData("maximal-snowflake.yaml", "maxRetries: 6", "maxRetries: 99", "source.serviceConnection.config.maxRetries")]
    [InlineData("maximal-snowflake.yaml", "includeStreams: false", "includeStreams: maybe", "source.serviceConnection.config.includeStreams")]
    [InlineData("maximal-snowflake.yaml", "bulk: always", "bulk: sometimes", "sink.config.bulk")]
    [InlineData("maximal-snowflake.yaml", "requestTimeoutSeconds: 45", "requestTimeoutSeconds: 0", "sink.config.requestTimeoutSeconds")]
    [InlineData("maximal-sqlite.yaml", "type: SQLite", "type: Postgres", "source.serviceConnection.config.type")]
    public void Evaluate_BrokenConfigTheLoaderRefuses_IsRefusedToo(string name, string from, string to, string path)
    {
        var text = Replace(Workflow(name), from, to);

        Assert.Contains(Problems(text, Workflows), p => p.Path == path);
        var result = Evaluate(text);
        Assert.False(result.IsValid, $"the schema accepts what the loader refuses at {path}");
    }

    [Theory]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: localhost:${PG_PORT}")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: ${PG_HOST_PORT}")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: \"[fe80::1]:5432\"")]
    [InlineData("maximal-postgres.yaml", "hostPort: localhost:5432", "hostPort: localhost:05432")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism: ${PARALLELISM}")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism: \"8\"")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism:")]
    [InlineData("maximal-postgres.yaml", "enabled: true", "enabled: yes")]
    [InlineData("maximal-postgres.yaml", "enabled: true", "enabled: Off")]
    [InlineData("maximal-postgres.yaml", "enabled: true", "enabled: \"TRUE\"")]
    [InlineData("maximal-postgres.yaml", "sslMode: verify-full", "sslMode: VERIFY-FULL")]
    [InlineData("maximal-postgres.yaml", "sslMode: verify-full", "sslMode: ${PG_SSL_MODE:-disable}")]
    [InlineData("maximal-postgres.yaml", "type: postgres", "type: Postgres")]
    [InlineData("maximal-postgres.yaml", "loggerLevel: WARN", "loggerLevel: debug")]
    [InlineData("maximal-postgres.yaml", "username: postgres", "username: 12345")]
    [InlineData("maximal-postgres.yaml", "database: pagila", "database:")]
    [InlineData("maximal-postgres.yaml", "successThreshold: 99.5", "successThreshold: 1e2")]
    [InlineData("maximal-postgres.yaml", "successThreshold: 99.5", "successThreshold: \" 50 \"")]
    [InlineData("maximal-postgres.yaml", "excludes: [template]", "excludes: template")]
    [InlineData("maximal-postgres.yaml", "ingestAllDatabases: false", "ingestAllDatabases: ~")]
    [InlineData("maximal-postgres.yaml", "    path: ./catalog", "    path: ${CATALOG:-./catalog}")]
    [InlineData("maximal-snowflake.yaml", "bulk: always", "bulk: NEVER")]
    public void Evaluate_ValueWrittenAsTheReadersReadIt_IsAcceptedByTheSchemaAndTheLoader(string name, string from, string to) =>
        AssertAccepted(Replace(Workflow(name), from, to), Workflows);

    // What a schema cannot say: a file that must exist, one setting bounded by another, a rule on a name's characters,
    // a choice of one of several keys, a regular expression that must compile, a number written as text out of range.
    [Theory]
    [InlineData("maximal-postgres.yaml", "maxBackoffSeconds: 30", "maxBackoffSeconds: 1", "workflowConfig.distributedExecution.retryPolicy.maxBackoffSeconds")]
    [InlineData("maximal-postgres.yaml", "timeoutSeconds: 3600", "timeoutSeconds: 1", "workflowConfig.distributedExecution.timeoutSeconds")]
    [InlineData("maximal-postgres.yaml", "includes: [\".*\"]", "includes: [\"(unclosed\"]", "source.sourceConfig.config.tableFilterPattern.includes")]
    [InlineData("maximal-postgres.yaml", "search_path: public", "not_a_real_option: x", "source.serviceConnection.config.connectionOptions.not_a_real_option")]
    [InlineData("maximal-postgres.yaml", "parallelism: 8", "parallelism: \"2000\"", "workflowConfig.distributedExecution.parallelism")]
    [InlineData("maximal-postgres.yaml", "    path: ./catalog", "    path: ./maximal-sqlite.yaml", "sink.config.path")]
    [InlineData("maximal-sqlite.yaml", "databaseMode: \":memory:\"", "databaseMode: no/such.db", "source.serviceConnection.config.databaseMode")]
    [InlineData("maximal-snowflake.yaml", "privateKey: ${SNOWFLAKE_PRIVATE_KEY}", "privateKey: \"\"", "source.serviceConnection.config.privateKey")]
    [InlineData("maximal-snowflake.yaml", "account: myorg-myaccount", "account: https://xy12345.snowflakecomputing.com", "source.serviceConnection.config.account")]
    [InlineData("maximal-snowflake.yaml", "    hostPort: https://openmetadata.example.com/api\n", "", "workflowConfig.openMetadataServerConfig.hostPort")]
    [InlineData("maximal-mysql.yaml", "container: catalog", "container: Not_A_Container", "sink.config.container")]
    public void Evaluate_ProblemOnlyTheLoaderCanFind_IsLeftToValidate(string name, string from, string to, string path)
    {
        var text = Replace(Workflow(name), from, to);

        Assert.Contains(Problems(text, Workflows), p => p.Path == path);
        Assert.True(Evaluate(text).IsValid);
    }

    [Fact]
    public void CreateText_PublishedSchema_IsWhatTheCommandWrites()
    {
        var published = File.ReadAllText(Path.Combine(CliProcess.RepositoryRoot, WorkflowSchema.PublishedPath));

        Assert.True(
            published == WorkflowSchema.CreateText(BuiltInConnectors.Create()),
            $"{WorkflowSchema.PublishedPath} is out of date: run `durable-ingest schema --output {WorkflowSchema.PublishedPath}` and commit it");
    }

    [Fact]
    public void Create_SchemaText_IsAValidDraft202012Schema()
    {
        var text = WorkflowSchema.CreateText(BuiltInConnectors.Create());

        var result = MetaSchemas.Draft202012.Evaluate(JsonDocument.Parse(text).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Describe(result));
        Assert.Contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\"", text, StringComparison.Ordinal);
    }

    private static IEnumerable<string> WorkflowFiles(string prefix) =>
        Directory.GetFiles(Workflows, prefix + "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    private static string Workflow(string name) => File.ReadAllText(Path.Combine(Workflows, name));

    private static string Replace(string text, string from, string to)
    {
        Assert.Contains(from, text, StringComparison.Ordinal);
        return text.Replace(from, to, StringComparison.Ordinal);
    }

    private static YamlMappingNode Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Evaluate(YamlJson.Convert(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));

    private static ConfigSchemaNode? Find(ConfigSchemaNode tree, IReadOnlyList<string> path)
    {
        var node = tree;
        foreach (var name in path)
        {
            node = node.Children.FirstOrDefault(c => c.Key == name).Value;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    // Every key of the document, but not the names inside a mapping the readers take whole (connectionOptions).
    private static IEnumerable<IReadOnlyList<string>> KeyPaths(YamlMappingNode mapping, IReadOnlyList<string> at, ConfigSchemaNode[] trees)
    {
        foreach (var (key, value) in mapping.Children)
        {
            IReadOnlyList<string> path = [.. at, ((YamlScalarNode)key).Value!];
            yield return path;
            var takenWhole = trees.Any(t => Find(t, path)?.Shape?.Kind == ConfigValueKind.Map);
            if (value is YamlMappingNode child && !takenWhole)
            {
                foreach (var inner in KeyPaths(child, path, trees))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IReadOnlyList<ConfigProblem> Problems(string text, string baseDirectory)
    {
        var paths = new RelativePathBase(baseDirectory, "the test's folder", "fix the test");
        var loader = new WorkflowConfigLoader(BuiltInConnectors.Create(paths), SharedEnvironment.Value.GetValueOrDefault);
        loader.TryLoad(text, out var problems);
        return problems;
    }

    private static void AssertAccepted(string text, string baseDirectory)
    {
        var problems = Problems(text, baseDirectory);
        Assert.True(problems.Count == 0, "the loader refuses it: " + string.Join("\n", problems));
        var result = Evaluate(text);
        Assert.True(result.IsValid, "the schema refuses it:\n" + Describe(result));
    }
}
