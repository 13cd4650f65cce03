namespace DurableIngest.Sources.MySql;

/// <summary>
/// The server could not be reached or refused the login: names the host, port and user and says what to check,
/// never the password. Transient when its cause is (a refused or timed-out connection, too many connections).
/// </summary>
public sealed class MySqlConnectException : Exception
{
    public MySqlConnectException()
    {
    }

    public MySqlConnectException(string message)
        : base(message)
    {
    }

    public MySqlConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
