using System.Text.Json;
using DurableIngest.Sinks;
using DurableIngest.Testing;
using Xunit.Abstractions;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>
/// The real CLI on MariaDB: <c>validate</c> on OpenMetadata's own mysql.yaml (examples/mysql-local.yaml) as shipped,
/// <c>plan</c> and <c>ingest</c> into the file sink on a schema with a composite and a cross-schema foreign key, a
/// partitioned table, a view, a view whose table is gone and Unicode names; the password comes from the environment
/// and is found in nothing the run wrote. A server that cannot start fails these tests (the fixture throws).
/// </summary>
[Collection(MariaDbServerFixture.Collection)]
public sealed class MySqlEndToEndTests(MariaDbServerFixture mariadb, ITestOutputHelper output) : IDisposable
{
    private const string Service = "local_mysql";

    private readonly string _work = Directory.CreateTempSubdirectory("di-mysql-e2e-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Validate_OpenMetadataMySqlExampleAsShipped_ExitsZeroNamingSourceAndSink()
    {
        var example = Path.Combine(CliProcess.RepositoryRoot, "examples", "mysql-local.yaml");

        var result = await CliProcess.RunAsync(_work, Secrets("validate-password", "validate-token"), "validate", "-c", example);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("source:   mysql (service 'local_mysql')", result.Output, StringComparison.Ordinal);
        Assert.Contains("sink:     metadata-rest", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("validate-password", result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
    }

    [Fact]
    public async Task Validate_OpenMetadataMySqlExampleWithoutItsPassword_ExitsTwoNamingTheVariable()
    {
        var example = Path.Combine(CliProcess.RepositoryRoot, "examples", "mysql-local.yaml");

        var result = await CliProcess.RunAsync(_work, new Dictionary<string, string> { ["OPENMETADATA_JWT_TOKEN"] = "validate-token" }, "validate", "-c", example);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("authType.password", result.Error, StringComparison.Ordinal);
        Assert.Contains("environment variable MYSQL_PASSWORD is not set", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_MariaDb_PrintsBothSchemasAndTheChunkPlanWithoutWriting()
    {
        var (shop, lager) = await CreateDatabaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "mysql.yaml"), Workflow(shop, lager));

        var result = await CliProcess.RunAsync(_work, Password(), "plan", "-c", "mysql.yaml", "--chunk-size", "4");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains(shop, result.Output, StringComparison.Ordinal);
        Assert.Contains(lager, result.Output, StringComparison.Ordinal);
        Assert.Contains("6 entities to ingest,", result.Output, StringComparison.Ordinal);
        Assert.Contains("Chunk plan: 2 chunks of up to 4 entities, 2 in flight at a time.", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
        Assert.DoesNotContain(MariaDbServer.Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_WrongPassword_FailsNamingHostPortAndUserButNotThePassword()
    {
        var (shop, lager) = await CreateDatabaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "mysql.yaml"), Workflow(shop, lager));

        var result = await CliProcess.RunAsync(_work, new Dictionary<string, string> { ["MYSQL_TEST_PASSWORD"] = "not-the-password-42" }, "plan", "-c", "mysql.yaml");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(mariadb.Server.HostPort, result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains(MariaDbServer.User, result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password-42", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_MariaDbIntoTheFileSink_WritesEveryReadableTableAndRecordsTheBrokenView()
    {
        var (shop, lager) = await CreateDatabaseAsync();
        await File.WriteAllTextAsync(Path.Combine(_work, "mysql.yaml"), Workflow(shop, lager));

        var result = await CliProcess.RunAsync(_work, Password(),
            "ingest", "-c", "mysql.yaml", "--run-id", "mysql-1", "--chunk-size", "2");
        output.WriteLine($"$ durable-ingest ingest -c mysql.yaml (exit {result.ExitCode})\n{result.Output}{result.Error}");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Equal((6, 5, 1), await SummaryFile.CountsAsync(_work, "mysql-1", "total", "succeeded", "failed"));
        using (var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_work, ".durable-ingest", "runs", "mysql-1", "summary.json"))))
        {
            var failure = Assert.Single(summary.RootElement.GetProperty("failures").EnumerateArray());
            Assert.Equal(($"default.{shop}.broken", "read"), (failure.GetProperty("entity").GetString(), failure.GetProperty("stage").GetString()));
            Assert.Contains("references invalid table(s)", failure.GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.False(failure.GetProperty("isTransient").GetBoolean());
        }

        var catalog = Path.Combine(_work, "catalog", Service, "default");
        Assert.Equal(
            [$"{CatalogPath.Encode(lager)}/{CatalogPath.Encode("Straße")}.json", $"{shop}/big_orders.json", $"{shop}/customers.json", $"{shop}/events.json", $"{shop}/orders.json"],
            Directory.GetFiles(catalog, "*.json", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(catalog, f)).Order(StringComparer.Ordinal));
        using var orders = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(catalog, shop, "orders.json")));
        var referred = orders.RootElement.GetProperty("tableConstraints").EnumerateArray()
            .SelectMany(c => c.GetProperty("referredColumns").EnumerateArray().Select(r => r.GetString())).ToList();
        Assert.Contains($"{Service}.default.{lager}.Straße.region", referred);
        using var events = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(catalog, shop, "events.json")));
        Assert.Equal("Partitioned", events.RootElement.GetProperty("tableType").GetString());
        Assert.Empty(SecretScan.Find([_work], [MariaDbServer.Password]));
        Assert.DoesNotContain(MariaDbServer.Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Password() => new() { ["MYSQL_TEST_PASSWORD"] = MariaDbServer.Password };

    private static Dictionary<string, string> Secrets(string password, string token) =>
        new() { ["MYSQL_PASSWORD"] = password, ["OPENMETADATA_JWT_TOKEN"] = token };

    /// <summary>Two fresh schemas (one with a Unicode name): 4 tables and 2 views, one of them over a dropped table.</summary>
    private async Task<(string Shop, string Lager)> CreateDatabaseAsync()
    {
        var shop = await mariadb.CreateSchemaAsync("shop");
        var lager = await mariadb.CreateSchemaAsync("läger");
        await mariadb.Server.ExecuteAsync(null, $"""
            CREATE TABLE `{lager}`.`Straße` (region CHAR(2), code INT, PRIMARY KEY (region, code)) COMMENT 'Lagerorte';
            CREATE TABLE `{shop}`.customers (id INT PRIMARY KEY, email VARCHAR(320) NOT NULL UNIQUE, profile JSON);
            CREATE TABLE `{shop}`.orders (id INT PRIMARY KEY, customer_id INT NOT NULL, region CHAR(2), code INT,
                FOREIGN KEY (customer_id) REFERENCES `{shop}`.customers (id),
                FOREIGN KEY (region, code) REFERENCES `{lager}`.`Straße` (region, code));
            CREATE TABLE `{shop}`.events (id INT, at DATE, PRIMARY KEY (id, at)) PARTITION BY RANGE COLUMNS (at)
                (PARTITION p1 VALUES LESS THAN ('2025-01-01'), PARTITION p2 VALUES LESS THAN (MAXVALUE));
            CREATE VIEW `{shop}`.big_orders AS SELECT id FROM `{shop}`.orders WHERE id > 100;
            CREATE TABLE `{shop}`.gone (id INT); CREATE VIEW `{shop}`.broken AS SELECT id FROM `{shop}`.gone; DROP TABLE `{shop}`.gone;
            """);
        return (shop, lager);
    }

    private string Workflow(string shop, string lager) => $$"""
        source:
          type: mysql
          serviceName: {{Service}}
          serviceConnection:
            config:
              type: Mysql
              username: {{MariaDbServer.User}}
              authType:
                password: ${MYSQL_TEST_PASSWORD}
              hostPort: {{mariadb.Server.HostPort}}
              sslMode: disable
              connectionOptions: {}
              connectionArguments: {}
          sourceConfig:
            config:
              type: DatabaseMetadata
              schemaFilterPattern:
                includes: ["^{{shop}}$", "^{{lager}}$"]
        sink:
          type: file
          config:
            path: ./catalog
        workflowConfig:
          loggerLevel: INFO
          distributedExecution:
            parallelism: 2
            successThreshold: 80
            retryPolicy:
              maxAttempts: 2
              backoffSeconds: 1
        """;
}
