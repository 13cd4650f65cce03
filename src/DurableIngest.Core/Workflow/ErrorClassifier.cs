using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using DurableIngest.Sources.Snowflake;
using Npgsql;

namespace DurableIngest.Workflow;

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
            RedactedActivityException redacted => redacted.IsTransient,
            SnowflakeApiException snowflake => snowflake.IsTransient,
            PostgresException pg => IsTransientSqlState(pg.SqlState),
            NpgsqlException npgsql => npgsql.IsTransient,
            SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6, // SQLITE_BUSY, SQLITE_LOCKED
            TimeoutException or SocketException => true,
            HttpRequestException http => http.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                || (int?)http.StatusCode >= 500,
            IOException io when io.InnerException is SocketException => true,
            OperationCanceledException => false,
            AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
            _ => exception.InnerException is { } inner && IsTransient(inner),
        };
    }

    /// <summary>PostgreSQL states that mean "try again": connection exceptions, shutdown, resource exhaustion, serialization.</summary>
    public static bool IsTransientSqlState(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
        || sqlState is "57P01" or "57P02" or "57P03" // admin/crash shutdown, cannot connect now
            or "53300" or "53400" or "53200" // too many connections, config limit, out of memory
            or "40001" or "40P01" // serialization failure, deadlock
            or "57014"; // statement timeout / query canceled
}
