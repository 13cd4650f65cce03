using Microsoft.Extensions.Logging;

namespace DurableIngest.Sources.Snowflake;

/// <summary>The Snowflake source's log messages. None carries a credential or a bound value.</summary>
internal static partial class SnowflakeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake request failed ({Reason}); retry {Retry} of {MaxRetries} in {DelaySeconds:0.###} s")]
    public static partial void Retrying(ILogger logger, int retry, int maxRetries, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snowflake statement {Handle} still running; checking again in {DelaySeconds:0.###} s")]
    public static partial void StillRunning(ILogger logger, string handle, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snowflake statement {Handle}: {Rows} rows in {Partitions} partitions")]
    public static partial void Finished(ILogger logger, string handle, int rows, int partitions);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelled Snowflake statement {Handle} (HTTP {Status})")]
    public static partial void Cancelled(ILogger logger, string handle, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cancel Snowflake statement {Handle}: {Reason}")]
    public static partial void CancelFailed(ILogger logger, string handle, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "password is ignored: Snowflake's SQL API has no password authentication, so {Method} is used")]
    public static partial void PasswordIgnored(ILogger logger, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipping Snowflake database {Database}: {Reason}")]
    public static partial void DatabaseSkipped(ILogger logger, string database, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keys of Snowflake schema {Schema} could not be read: {Reason}")]
    public static partial void SchemaKeysFailed(ILogger logger, string schema, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovered {Count} Snowflake tables and views in {Schemas} schemas ({Filtered} filtered)")]
    public static partial void Discovered(ILogger logger, int count, int schemas, int filtered);
}
