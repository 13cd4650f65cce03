using Microsoft.Extensions.Logging;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>The sink's log messages. None carries a token or a request body.</summary>
internal static partial class OpenMetadataLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenMetadata request failed ({Reason}); retry {Retry} of {MaxRetries} in {DelaySeconds:0.###} s")]
    public static partial void Retrying(ILogger logger, int retry, int maxRetries, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenMetadata at {ApiBase} is version {Version}; bulk tables endpoint {Bulk}")]
    public static partial void ServerVersion(ILogger logger, string apiBase, string version, string bulk);

    [LoggerMessage(Level = LogLevel.Information, Message = "OpenMetadata at {ApiBase} has no bulk tables endpoint (HTTP {Status}); writing one table per request")]
    public static partial void NoBulk(ILogger logger, string apiBase, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "OpenMetadata refused a bulk of {Count} tables (HTTP {Status}: {Message}); writing them one per request")]
    public static partial void BulkRefused(ILogger logger, int count, int status, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Foreign keys of {Table} wait for {Referred}, not in the catalog yet")]
    public static partial void ForeignKeysDeferred(ILogger logger, string table, string referred);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Foreign keys of {Table} were not accepted (HTTP {Status}: {Message}); the table is written without them")]
    public static partial void ForeignKeysRefused(ILogger logger, string table, int status, string message);
}
