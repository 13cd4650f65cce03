using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace DurableIngest.Failures;

/// <summary>
/// Tells transient failures (worth a retry: connection resets, timeouts, server shutting down, too many
/// connections, throttling) from permanent ones (record and move on), the way Npgsql's <c>IsTransient</c> does.
/// </summary>
public static class ErrorClassifier
{
    public static bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            TransientException => true,
            IKnowsTransience classified => classified.IsTransient,
            PostgresException pg => IsTransientSqlState(pg.SqlState),
            NpgsqlException npgsql => npgsql.IsTransient,
            MySqlException mysql => mysql.IsTransient || IsTransientMySqlError(mysql.ErrorCode) || (mysql.InnerException is { } cause && IsTransient(cause)),
            MySqlEndOfStreamException => true,
            SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
            TimeoutException or SocketException => true,
            HttpRequestException http => http.StatusCode is not { } status || IsTransientStatus(status),
            IOException io when io.InnerException is SocketException => true,
            OperationCanceledException => false,
            AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
            _ => exception.InnerException is { } inner && IsTransient(inner),
        };
    }

    /// <summary>The HTTP answers worth a retry, for every HTTP client of the product: 408, 429 and every 5xx.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>PostgreSQL states that mean "try again": connection exceptions, shutdown, resource exhaustion, serialization.</summary>
    public static bool IsTransientSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState is "57P01" or "57P02" or "57P03" // admin/crash shutdown, cannot connect now
            or "53300" or "53400" or "53200" // too many connections, config limit, out of memory
            or "40001" or "40P01" // serialization failure, deadlock
            or "57014"; // statement timeout / query canceled

    /// <summary>
    /// MySQL and MariaDB errors that mean "try again", beyond what MySqlConnector's <c>IsTransient</c> already says
    /// (too many connections, deadlock, lock wait timeout, cannot connect): the server shutting down or going away, the
    /// connection lost or killed, a statement stopped by a timeout, the server out of memory or threads.
    /// </summary>
    public static bool IsTransientMySqlError(MySqlErrorCode code) =>
        code is MySqlErrorCode.ConnectionCountError // 1040 too many connections
            or MySqlErrorCode.TooManyUserConnections // 1203
            or MySqlErrorCode.LockWaitTimeout // 1205
            or MySqlErrorCode.LockDeadlock // 1213
            or MySqlErrorCode.ServerShutdown // 1053
            or MySqlErrorCode.UnableToConnectToHost // 1042 and the client's 2002/2003
            or MySqlErrorCode.QueryInterrupted // 1317 (KILL QUERY, a statement timeout)
            or MySqlErrorCode.CommandTimeoutExpired // the client's statement timeout
            or MySqlErrorCode.OutOfMemory // 1037
            or MySqlErrorCode.OutOfResources // 1041
            or MySqlErrorCode.CannotCreateThread // 1135
            or MySqlErrorCode.NetReadInterrupted // 1159
            or MySqlErrorCode.NetErrorOnWrite or MySqlErrorCode.NetWriteInterrupted // 1160, 1161
            or MySqlErrorCode.AbortingConnection // 1152
            or MySqlErrorCode.NewAbortingConnection // 1184
            or MySqlErrorCode.QueryTimeout // 3024 (MySQL max_execution_time)
            || (int)code is 1158 // error reading a communication packet
                or 1927 // MariaDB: connection killed
                or 1969 // MariaDB: max_statement_time exceeded
                or 2006 or 2013; // server has gone away, lost connection during query
}
