using DurableIngest.Configuration;
using DurableIngest.Connectors;
using DurableIngest.Sources;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

/// <summary>
/// A Snowflake stand-in over the standard dataset, a key pair registered for its user, workflow files pointing at it,
/// and the source run the way the workflow runs it: discover, then chunks.
/// </summary>
internal sealed class SnowflakeHarness : IAsyncDisposable
{
    public const string Service = "snow";
    public const string KeyVariable = "SNOWFLAKE_PRIVATE_KEY";

    private SnowflakeHarness(SnowflakeStandIn standIn, SnowflakeKeyPair keys)
    {
        StandIn = standIn;
        Keys = keys;
    }

    public SnowflakeStandIn StandIn { get; }

    public SnowflakeKeyPair Keys { get; }

    public static async Task<SnowflakeHarness> StartAsync(TimeProvider? time = null)
    {
        var keys = new SnowflakeKeyPair();
        var standIn = await SnowflakeStandIn.StartAsync(SnowflakeDataset.Create(), keys.PublicKey, time);
        return new SnowflakeHarness(standIn, keys);
    }

    /// <summary>A workflow for the stand-in; the private key comes from <see cref="KeyVariable"/>.</summary>
    public string Workflow(string connectionExtra = "", string sourceConfigExtra = "", string database = "database: SALES", string auth = "privateKey: ${" + KeyVariable + "}") => $"""
        source:
          type: snowflake
          serviceName: {Service}
          serviceConnection:
            config:
              type: Snowflake
              account: myorg-account1
              username: ingest
              warehouse: compute_wh
              role: metadata_reader
        {Indent(database, 6)}
        {Indent(auth, 6)}
              apiBaseUrl: {StandIn.BaseUrl}
        {Indent(connectionExtra, 6)}
          sourceConfig:
            config:
              type: DatabaseMetadata
        {Indent(sourceConfigExtra, 6)}
        sink:
          type: file
          config:
            path: ./catalog
        """;

    public string? Environment(string name) => name == KeyVariable ? Keys.PrivateKeyPem : null;

    public WorkflowConfig Load(string yaml, Func<string, string?>? environment = null) =>
        new WorkflowConfigLoader(BuiltInConnectors.Create(), environment ?? Environment).Load(yaml, "test.yaml");

    public IMetadataSource CreateSource(string yaml, TimeProvider? time = null, Func<string, string?>? environment = null)
    {
        var config = Load(yaml, environment);
        return BuiltInConnectors.Create().GetSource(config.Source.Type).Create(config.Source, new ConnectorContext { RunId = "test", Time = time ?? TimeProvider.System });
    }

    /// <summary>Discovery and every chunk, results in discovery order.</summary>
    public async Task<(DiscoveryResult Discovery, IReadOnlyList<EntityReadResult> Results)> RunAsync(string yaml, int chunkSize = 50)
    {
        await using var source = CreateSource(yaml);
        var discovery = await source.DiscoverAsync(CancellationToken.None);
        var results = new List<EntityReadResult>();
        foreach (var chunk in discovery.Entities.Chunk(chunkSize))
        {
            results.AddRange(await source.ReadChunkAsync(chunk, CancellationToken.None));
        }

        return (discovery, results);
    }

    public async ValueTask DisposeAsync()
    {
        await StandIn.DisposeAsync();
        StandIn.Warehouse.Dispose();
        Keys.Dispose();
    }

    private static string Indent(string text, int spaces)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var pad = new string(' ', spaces);
        return string.Join("\n", text.Trim('\n').Split('\n').Select(line => pad + line));
    }
}
