using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Entities;
using DurableIngest.Failures;
using DurableIngest.Sinks;
using DurableIngest.Sinks.OpenMetadata;
using DurableIngest.Testing.OpenMetadataStandIn;
using DurableIngest.Workflow;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Core.Tests.Sinks.OpenMetadata;

/// <summary>Creates metadata-rest sinks the way a host does (provider, YAML settings) against a stand-in, and builds tables.</summary>
internal static class OpenMetadataSinkHarness
{
    public static readonly SchemaRef Public = new("svc", "pagila", "public");

    public static ConfigSection Section(string yaml, ConfigProblems? problems = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new ConfigSection("sink.config", (YamlMappingNode)stream.Documents[0].RootNode, problems ?? new ConfigProblems(), _ => null);
    }

    public static WorkflowSettings WorkflowWith(string? hostPort, string? token = null, int maxAttempts = 6) => new()
    {
        OpenMetadataServer = new OpenMetadataServerOptions { HostPort = hostPort, JwtToken = token },
        Distributed = new DistributedExecutionOptions
        {
            RetryPolicy = new RetryPolicyOptions { MaxAttempts = maxAttempts, BackoffSeconds = 0.01, MaxBackoffSeconds = 3 },
        },
    };

    public static ICatalogSink Create(OpenMetadataStandIn standIn, string runId, string sinkConfig = "{}", string? token = null, int maxAttempts = 6) =>
        new OpenMetadataSinkProvider().Create(
            new SinkSettings { Type = OpenMetadataSinkProvider.SinkType, Config = Section(sinkConfig) },
            WorkflowWith(standIn.BaseUrl, token, maxAttempts),
            new ConnectorContext
            {
                RunId = runId,
                Service = new ServiceDescriptor("svc", "Postgres", new Dictionary<string, string>
                {
                    ["hostPort"] = "localhost:5432",
                    ["database"] = "pagila",
                    ["ingestAllDatabases"] = "false",
                }),
            });

    public static string NewRunId() => Guid.NewGuid().ToString("N");

    public static TableMetadata Table(SchemaRef schema, string name, params Column[] columns) => new()
    {
        Schema = schema,
        Name = name,
        TableType = TableType.Regular,
        Columns = columns.Length > 0 ? columns : [Int("id"), Text("name")],
    };

    public static Column Int(string name, ColumnConstraint? constraint = null, int position = 1) =>
        new() { Name = name, DataType = DataType.INT, DataTypeDisplay = "integer", Constraint = constraint, OrdinalPosition = position };

    public static Column Text(string name, int position = 2) =>
        new() { Name = name, DataType = DataType.TEXT, DataTypeDisplay = "text", OrdinalPosition = position };

    public static IReadOnlyList<TableMetadata> Tables(SchemaRef schema, int count, string prefix = "t") =>
        [.. Enumerable.Range(0, count).Select(i => Table(schema, $"{prefix}{i:D3}"))];

    /// <summary>Writes like the workflow does: a batch that throws a transient error is retried as a whole.</summary>
    public static async Task<IReadOnlyList<SinkWriteResult>> WriteWithChunkRetriesAsync(ICatalogSink sink, IReadOnlyList<TableMetadata> tables, int attempts = 5)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await sink.WriteAsync(tables, CancellationToken.None);
            }
            catch (Exception e) when (ErrorClassifier.IsTransient(e) && attempt < attempts)
            {
                // The workflow's chunk retry.
            }
        }
    }
}
