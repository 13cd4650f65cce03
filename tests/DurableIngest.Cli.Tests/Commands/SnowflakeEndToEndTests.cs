using System.Text.Json;
using DurableIngest.Testing;
using DurableIngest.Testing.SnowflakeStandIn;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>The real CLI against the Snowflake stand-in, and OpenMetadata's example Snowflake workflow through validate.</summary>
public sealed class SnowflakeEndToEndTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-snowflake-").FullName;
    private readonly SnowflakeKeyPair _keys = new();

    public void Dispose()
    {
        _keys.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Ingest_StandInAccount_WritesEveryReadableTableAndFailsOnlyTheRestrictedOne()
    {
        using var warehouse = SnowflakeDataset.Create();
        await using var standIn = await SnowflakeStandIn.StartAsync(warehouse, _keys.PublicKey);
        standIn.AsyncPolls = 1;
        standIn.PartitionRows = 5;
        await WriteWorkflowAsync(standIn.BaseUrl, "database: sales");

        var result = await CliProcess.RunAsync(_work, KeyEnvironment(), "ingest", "-c", "snowflake.yaml", "--run-id", "snow-1");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, ".durable-ingest", "runs", "snow-1", "summary.json")));
        Assert.Equal((10, 9, 1), (summary.RootElement.GetProperty("total").GetInt32(), summary.RootElement.GetProperty("succeeded").GetInt32(), summary.RootElement.GetProperty("failed").GetInt32()));
        var catalog = Path.Combine(_work, "catalog", "snow_e2e", "SALES");
        Assert.Equal(SnowflakeDataset.PublicDefaults, Directory.GetFiles(Path.Combine(catalog, "PUBLIC")).Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal));
        using var orders = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(catalog, "PUBLIC", "ORDERS.json")));
        Assert.Equal("snow_e2e.SALES.PUBLIC", orders.RootElement.GetProperty("databaseSchema").GetString());
        Assert.Equal(11, orders.RootElement.GetProperty("columns").GetArrayLength());
        Assert.Equal("snow_e2e.SALES.PUBLIC.CUSTOMERS.ID", orders.RootElement.GetProperty("tableConstraints")[0].GetProperty("referredColumns")[0].GetString());
        Assert.All(standIn.Requests, r => Assert.Equal("KEYPAIR_JWT", r.TokenType));
        Assert.Contains(standIn.Requests, r => r.Status == 202);
        Assert.Contains(standIn.Requests, r => r.Target.Contains("partition=1", StringComparison.Ordinal));
        Assert.Equal(3, standIn.Statements.Count(s => s.Sql.StartsWith("SHOW", StringComparison.Ordinal) && s.Sql.EndsWith("\"PUBLIC\"", StringComparison.Ordinal)));
        Assert.Empty(SecretScan.Find([_work], [SnowflakeKeyPair.Passphrase, .. _keys.EncryptedPrivateKeyPem.Split('\n').Where(l => l.Length > 40)]));
        Assert.DoesNotContain(SnowflakeKeyPair.Passphrase, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_StandInAccountWithNoDatabaseSet_ListsEveryDatabaseWarnsOfTheUnusableOneAndReadsNoTable()
    {
        using var warehouse = SnowflakeDataset.Create();
        await using var standIn = await SnowflakeStandIn.StartAsync(warehouse, _keys.PublicKey);
        await WriteWorkflowAsync(standIn.BaseUrl, string.Empty);

        var result = await CliProcess.RunAsync(_work, KeyEnvironment(), "plan", "-c", "snowflake.yaml");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("11 entities to ingest, 1 filtered, 1 warnings.", result.Output, StringComparison.Ordinal);
        Assert.Contains("Chunk plan: 3 chunks of up to 4 entities, 2 in flight at a time.", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: database 'ARCHIVE' skipped:", result.Output, StringComparison.Ordinal);
        Assert.Equal("SHOW DATABASES", standIn.Statements[0].Sql);
        Assert.DoesNotContain(standIn.Statements, s => s.Sql.Contains("KEYS IN SCHEMA", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
        Assert.DoesNotContain(SnowflakeKeyPair.Passphrase, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_OpenMetadatasExampleWithItsSecretsInTheEnvironment_ExitsZero()
    {
        File.Copy(Path.Combine(CliProcess.RepositoryRoot, "examples", "snowflake.yaml"), Path.Combine(_work, "snowflake.yaml"));
        var environment = new Dictionary<string, string>
        {
            ["SNOWFLAKE_PRIVATE_KEY"] = _keys.EncryptedPrivateKeyPem,
            ["SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"] = SnowflakeKeyPair.Passphrase,
            ["OPENMETADATA_JWT_TOKEN"] = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
        };

        var valid = await CliProcess.RunAsync(_work, environment, "validate", "-c", "snowflake.yaml");
        environment.Remove("SNOWFLAKE_PRIVATE_KEY");
        environment["SNOWFLAKE_PASSWORD"] = "only-a-password";
        var passwordOnly = await CliProcess.RunAsync(_work, environment, "validate", "-c", "snowflake.yaml");

        Assert.True(valid.ExitCode == 0, $"exit {valid.ExitCode}\n{valid.Output}\n{valid.Error}");
        Assert.Equal(2, passwordOnly.ExitCode);
        Assert.Contains("environment variable SNOWFLAKE_PRIVATE_KEY is not set", passwordOnly.Error, StringComparison.Ordinal);
    }

    private Dictionary<string, string> KeyEnvironment() => new()
    {
        ["SNOWFLAKE_PRIVATE_KEY"] = _keys.EncryptedPrivateKeyPem,
        ["SNOWFLAKE_PRIVATE_KEY_PASSPHRASE"] = SnowflakeKeyPair.Passphrase,
    };

    private Task WriteWorkflowAsync(string apiBaseUrl, string databaseLine) =>
        File.WriteAllTextAsync(Path.Combine(_work, "snowflake.yaml"), $$"""
            source:
              type: snowflake
              serviceName: snow_e2e
              serviceConnection:
                config:
                  type: Snowflake
                  account: myorg-account1
                  username: ingest
                  warehouse: compute_wh
                  {{databaseLine}}
                  privateKey: ${SNOWFLAKE_PRIVATE_KEY}
                  snowflakePrivatekeyPassphrase: ${SNOWFLAKE_PRIVATE_KEY_PASSPHRASE}
                  apiBaseUrl: {{apiBaseUrl}}
              sourceConfig:
                config:
                  type: DatabaseMetadata
            sink:
              type: file
              config:
                path: ./catalog
            workflowConfig:
              distributedExecution:
                chunkSize: 4
                parallelism: 2
            """);
}
