using DurableIngest.Failures;
using DurableIngest.Testing;
using DurableIngest.Workflow;
using MySqlConnector;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow;

/// <summary>MySQL errors produced for real on the test server, and how the workflow classifies them.</summary>
[Collection(MariaDbServerFixture.Collection)]
public sealed class ErrorClassifierMySqlTests
{
    private readonly MariaDbServerFixture _server;

    public ErrorClassifierMySqlTests(MariaDbServerFixture server) => _server = server;

    [Fact]
    public async Task IsTransient_LockWaitTimeout_IsTrue()
    {
        var schema = await RowsAsync("lockwait");
        await using var holder = await LockRowAsync(schema);
        await using var waiter = await OpenAsync(schema);

        var error = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(waiter, "SET SESSION innodb_lock_wait_timeout = 1; UPDATE t SET v = 3 WHERE id = 1"));

        Assert.Equal(MySqlErrorCode.LockWaitTimeout, error.ErrorCode);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task IsTransient_Deadlock_IsTrue()
    {
        var schema = await RowsAsync("deadlock");
        await using var first = await OpenAsync(schema);
        await using var second = await OpenAsync(schema);
        await ExecuteAsync(first, "BEGIN; UPDATE t SET v = 1 WHERE id = 1");
        await ExecuteAsync(second, "BEGIN; UPDATE t SET v = 1 WHERE id = 2");

        var firstWaits = ExecuteAsync(first, "UPDATE t SET v = 2 WHERE id = 2");
        await WaitForLockWaitAsync(first);
        var secondCloses = ExecuteAsync(second, "UPDATE t SET v = 2 WHERE id = 1");
        var outcomes = await Task.WhenAll(Capture(firstWaits), Capture(secondCloses));

        var error = Assert.Single(outcomes.OfType<MySqlException>());
        Assert.Equal(MySqlErrorCode.LockDeadlock, error.ErrorCode);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task IsTransient_QueryKilledByAnAdministrator_IsTrue()
    {
        var schema = await RowsAsync("killquery");
        await using var holder = await LockRowAsync(schema);
        await using var waiter = await OpenAsync(schema);

        var waiting = ExecuteAsync(waiter, "UPDATE t SET v = 3 WHERE id = 1");
        await WaitForLockWaitAsync(waiter);
        await _server.Server.ExecuteAsync(null, $"KILL QUERY {waiter.ServerThread}");
        var error = await Assert.ThrowsAsync<MySqlException>(() => waiting);

        Assert.Equal(MySqlErrorCode.QueryInterrupted, error.ErrorCode);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task IsTransient_ConnectionKilledByAnAdministrator_IsTrue()
    {
        var schema = await RowsAsync("killconn");
        await using var holder = await LockRowAsync(schema);
        await using var waiter = await OpenAsync(schema);

        var waiting = ExecuteAsync(waiter, "UPDATE t SET v = 3 WHERE id = 1");
        await WaitForLockWaitAsync(waiter);
        await _server.Server.ExecuteAsync(null, $"KILL CONNECTION {waiter.ServerThread}");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => waiting);

        Assert.True(ErrorClassifier.IsTransient(error), error.ToString());
    }

    [Fact]
    public async Task IsTransient_StatementTimeout_IsTrue()
    {
        await using var connection = await OpenAsync(null);

        var error = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(connection, "SET STATEMENT max_statement_time = 1 FOR SELECT SLEEP(5)"));

        Assert.Equal(1969, (int)error.ErrorCode);
        Assert.True(ErrorClassifier.IsTransient(error));
    }

    [Fact]
    public async Task IsTransient_TooManyConnections_IsTrue()
    {
        // A user without SUPER (the server keeps one more connection for those who have it), opening connections
        // until the server's limit, lowered to its minimum of 10, refuses one.
        var user = $"plain_{Guid.NewGuid():N}"[..14];
        await _server.Server.ExecuteAsync(null, $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw'");
        await using var admin = await OpenAsync(null);
        var builder = new MySqlConnectionStringBuilder(_server.Server.ConnectionString()) { UserID = user, Password = "pw" };
        var opened = new List<MySqlConnection>();
        await ExecuteAsync(admin, "SET GLOBAL max_connections = 10");
        try
        {
            MySqlException? error = null;
            for (var i = 0; i < 12 && error is null; i++)
            {
                var connection = new MySqlConnection(builder.ConnectionString);
                opened.Add(connection);
                error = await Capture(connection.OpenAsync()) as MySqlException;
            }

            Assert.NotNull(error);
            Assert.Equal(MySqlErrorCode.ConnectionCountError, error.ErrorCode);
            Assert.True(ErrorClassifier.IsTransient(error));
        }
        finally
        {
            await ExecuteAsync(admin, "SET GLOBAL max_connections = 200");
            foreach (var connection in opened)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task IsTransient_AccessDeniedOrUnknownTable_IsFalse()
    {
        await using var connection = await OpenAsync(null);
        var builder = new MySqlConnectionStringBuilder(_server.Server.ConnectionString()) { Password = "wrong" };
        await using var denied = new MySqlConnection(builder.ConnectionString);

        var login = await Assert.ThrowsAsync<MySqlException>(() => denied.OpenAsync());
        var missing = await Assert.ThrowsAsync<MySqlException>(() => ExecuteAsync(connection, "SELECT * FROM mysql.no_such_table"));

        Assert.Equal(MySqlErrorCode.AccessDenied, login.ErrorCode);
        Assert.False(ErrorClassifier.IsTransient(login));
        Assert.Equal(MySqlErrorCode.NoSuchTable, missing.ErrorCode);
        Assert.False(ErrorClassifier.IsTransient(missing));
    }

    private async Task<string> RowsAsync(string prefix)
    {
        var schema = await _server.CreateSchemaAsync(prefix);
        await _server.Server.ExecuteAsync(schema, "CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB; INSERT INTO t VALUES (1, 0), (2, 0);");
        return schema;
    }

    private async Task<MySqlConnection> LockRowAsync(string schema)
    {
        var connection = await OpenAsync(schema);
        await ExecuteAsync(connection, "BEGIN; UPDATE t SET v = 1 WHERE id = 1");
        return connection;
    }

    private async Task<MySqlConnection> OpenAsync(string? schema)
    {
        var connection = new MySqlConnection(_server.Server.ConnectionString(schema));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // Until the connection's statement waits for a row lock (no sleep-and-hope: the server says when).
    private async Task WaitForLockWaitAsync(MySqlConnection waiting)
    {
        await using var observer = await OpenAsync(null);
        while (true)
        {
            await using var command = new MySqlCommand(
                $"SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_mysql_thread_id = {waiting.ServerThread} AND trx_state = 'LOCK WAIT'", observer);
            if (Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (MySqlException e)
        {
            return e;
        }
    }
}
