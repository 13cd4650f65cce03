using DurableIngest.Failures;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// A final answer of Snowflake's SQL API that is not a result: a statement that failed (422, with Snowflake's error
/// code and SQL state), refused credentials (401/403), throttling or unavailability that outlasted the retries
/// (429/503/504, transient), and the like. The message names the account and what to do; never a credential.
/// </summary>
public sealed class SnowflakeApiException : Exception, IKnowsTransience
{
    public SnowflakeApiException()
    {
    }

    public SnowflakeApiException(string message)
        : base(message)
    {
    }

    public SnowflakeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnowflakeApiException(string message, int statusCode, string? code, string? sqlState, bool isTransient)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        SqlState = sqlState;
        IsTransient = isTransient;
    }

    /// <summary>The HTTP status of the final answer.</summary>
    public int StatusCode { get; }

    /// <summary>Snowflake's error code (e.g. <c>002003</c>: object does not exist or not authorized), when the body had one.</summary>
    public string? Code { get; }

    public string? SqlState { get; }

    /// <summary>True when a later retry may succeed (throttling, unavailability, a timed-out statement).</summary>
    public bool IsTransient { get; }

    /// <summary>The credentials were refused (401) or the API forbidden (403).</summary>
    public bool IsAuthenticationFailure => StatusCode is 401 or 403;
}
