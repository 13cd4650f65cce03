using DurableIngest.Core.Tests.Support;
using DurableIngest.Failures;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using Npgsql;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

[Collection(PostgresServerFixture.Collection)]
public sealed class PostgresSourceFaultTests
{
    private readonly PostgresServerFixture _server;

    public PostgresSourceFaultTests(PostgresServerFixture server) => _server = server;

    [Fact]
    public async Task Discover_WithPasswordAuthentication_ConnectsAsThePasswordRole()
    {
        var database = await _server.CreateDatabaseAsync("pwauth");
        await _server.Server.ExecuteAsync(database, "CREATE TABLE t (id int)");
        var yaml = PostgresHarness.Workflow(_server.Server, database).Replace(
            $"username: {PostgresServer.SuperUser}",
            $"username: {PostgresServer.PasswordUser}\n      authType:\n        password: {PostgresServer.Password}",
            StringComparison.Ordinal);

        var (discovery, results) = await SourceHarness.RunAsync(yaml);

        Assert.Equal("t", Assert.Single(discovery.Entities).Name);
        Assert.NotNull(Assert.Single(results).Table);
    }

    [Fact]
    public async Task Discover_WrongPassword_FailsPermanentlyWithoutRevealingThePassword()
    {
        var yaml = PostgresHarness.Workflow(_server.Server, "postgres").Replace(
            $"username: {PostgresServer.SuperUser}",
            $"username: {PostgresServer.PasswordUser}\n      password: not-the-password-xyz",
            StringComparison.Ordinal);
        await using var source = SourceHarness.CreateSource(yaml);

        var exception = await Assert.ThrowsAsync<PostgresException>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, exception.SqlState);
        Assert.False(ErrorClassifier.IsTransient(exception));
        Assert.DoesNotContain("not-the-password-xyz", exception.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discover_NothingListeningOnThePort_IsATransientFailure()
    {
        var yaml = PostgresHarness.Workflow(_server.Server, "postgres").Replace(_server.Server.HostPort, "127.0.0.1:1", StringComparison.Ordinal);
        await using var source = SourceHarness.CreateSource(yaml);

        var exception = await Assert.ThrowsAnyAsync<Exception>(() => source.DiscoverAsync(CancellationToken.None));

        Assert.True(ErrorClassifier.IsTransient(exception), exception.ToString());
    }

    [Fact]
    public async Task ReadChunk_BlockedPastTheStatementTimeout_IsATransientFailure()
    {
        var database = await _server.CreateDatabaseAsync("timeout");
        await _server.Server.ExecuteAsync(database, "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;");
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database, connectionExtra: "statementTimeoutSeconds: 1"));
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;
        await using var blocker = await LockAsync(database, "v");

        var exception = await Assert.ThrowsAsync<PostgresException>(() => source.ReadChunkAsync(entities, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.QueryCanceled, exception.SqlState);
        Assert.True(ErrorClassifier.IsTransient(exception));
    }

    [Fact]
    public async Task ReadChunk_BackendTerminatedByAnAdministrator_IsATransientFailure()
    {
        var database = await _server.CreateDatabaseAsync("terminated");
        await _server.Server.ExecuteAsync(database, "CREATE TABLE t (id int); CREATE VIEW v AS SELECT id FROM t;");
        await using var source = SourceHarness.CreateSource(PostgresHarness.Workflow(_server.Server, database));
        var entities = (await source.DiscoverAsync(CancellationToken.None)).Entities;
        await using var blocker = await LockAsync(database, "v");

        var read = source.ReadChunkAsync(entities, CancellationToken.None);
        await TerminateWhenWaitingAsync(database);
        var exception = await Assert.ThrowsAnyAsync<NpgsqlException>(() => read);

        Assert.True(ErrorClassifier.IsTransient(exception), exception.ToString());
        Assert.Equal(PostgresErrorCodes.AdminShutdown, (exception as PostgresException)?.SqlState ?? PostgresErrorCodes.AdminShutdown);
    }

    private async Task<NpgsqlConnection> LockAsync(string database, string relation)
    {
        var connection = new NpgsqlConnection(_server.Server.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; LOCK TABLE {relation} IN ACCESS EXCLUSIVE MODE;", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private async Task TerminateWhenWaitingAsync(string database)
    {
        await using var connection = new NpgsqlConnection(_server.Server.ConnectionString(database));
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'durable-ingest' AND datname = @db AND wait_event_type = 'Lock'",
                connection);
            command.Parameters.AddWithValue("db", database);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the chunk read never waited on the lock");
    }
}
