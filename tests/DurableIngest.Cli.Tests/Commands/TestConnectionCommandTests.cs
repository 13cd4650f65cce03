using DurableIngest.Cli.Tests.Hosting;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary><c>durable-ingest test-connection</c> through the real CLI, on the quickstart and on a real PostgreSQL server.</summary>
[Collection(PostgresServerFixture.Collection)]
public sealed class TestConnectionCommandTests(PostgresServerFixture postgres) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("di-test-connection-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task TestConnection_Quickstart_ExitsZeroWithEveryStepPassedAndWritesNothing()
    {
        var result = await CliProcess.RunAsync(
            CliProcess.RepositoryRoot, "test-connection", "-c", "examples/quickstart.yaml");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("✓ source: connect: SQLite ", result.Output, StringComparison.Ordinal);
        Assert.Contains("✓ source: discover (names only): 36 tables and views in 1 schemas", result.Output, StringComparison.Ordinal);
        Assert.Contains("All steps passed.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_PostgresDatabaseMissing_ExitsOneNamingTheFailingStepAndTheServersReason()
    {
        File.WriteAllText(Path.Combine(_work, "pg.yaml"), Workflow("no_such_database"));

        var result = await CliProcess.RunAsync(_work, Password(), "test-connection", "-c", "pg.yaml");

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("✗ source: connect: PostgresException: 3D000: database \"no_such_database\" does not exist", result.Output, StringComparison.Ordinal);
        Assert.Contains("- source: discover (names only): not tried", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 2 steps failed.", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(PostgresServer.Password, result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work, "catalog")));
        Assert.False(Directory.Exists(Path.Combine(_work, ".durable-ingest")));
    }

    [Fact]
    public async Task TestConnection_PostgresDatabaseReadable_ExitsZeroWithTheServerVersion()
    {
        var database = await PostgresWorkflow.CreateDatabaseAsync(postgres);
        File.WriteAllText(Path.Combine(_work, "pg.yaml"), Workflow(database));

        var result = await CliProcess.RunAsync(_work, Password(), "test-connection", "-c", "pg.yaml");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\n{result.Output}\n{result.Error}");
        Assert.Contains("✓ source: connect: PostgreSQL 15", result.Output, StringComparison.Ordinal);
        Assert.Contains("✓ source: discover (names only): 4 tables and views in 1 schemas", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestConnection_InvalidWorkflow_ExitsTwoNamingTheProblem()
    {
        File.WriteAllText(Path.Combine(_work, "bad.yaml"), "source:\n  type: nosuchdb\n");

        var result = await CliProcess.RunAsync(_work, "test-connection", "-c", "bad.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bad.yaml", result.Error + result.Output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Password() => new() { ["DI_SERVE_TEST_PASSWORD"] = PostgresServer.Password };

    // The example's shape, signed in as the user that needs its password.
    private string Workflow(string database) =>
        PostgresWorkflow.Yaml(postgres, database, "./catalog").Replace($"username: {PostgresServer.SuperUser}", $"username: {PostgresServer.PasswordUser}", StringComparison.Ordinal);
}
