namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>A statement Snowflake would refuse: its error code, SQL state and message, as a 422 QueryFailureStatus carries them.</summary>
public sealed class StatementFailedException : Exception
{
    public StatementFailedException()
    {
    }

    public StatementFailedException(string message)
        : base(message)
    {
    }

    public StatementFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StatementFailedException(string code, string sqlState, string message)
        : base(message)
    {
        Code = code;
        SqlState = sqlState;
    }

    public string Code { get; } = "001003";

    public string SqlState { get; } = "42000";
}
