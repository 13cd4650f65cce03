namespace DurableIngest.Configuration;

/// <summary>
/// A filter pattern took longer than <see cref="FilterPattern.MatchTimeout"/> on one name: a pattern written to backtrack
/// catastrophically. Permanent: the same pattern does the same again, so it must be rewritten.
/// </summary>
public sealed class FilterPatternTimeoutException : Exception
{
    public FilterPatternTimeoutException(string pattern, string name, TimeSpan timeout)
        : base(
            $"filter pattern '{pattern}' took longer than {timeout.TotalMilliseconds:0} ms to match '{Shorten(name)}' and was stopped; " +
            "rewrite it without nested repetition such as (a+)+, or without lookarounds and backreferences so that it runs in linear time")
    {
        Pattern = pattern;
    }

    public FilterPatternTimeoutException()
    {
        Pattern = string.Empty;
    }

    public FilterPatternTimeoutException(string message)
        : base(message)
    {
        Pattern = string.Empty;
    }

    public FilterPatternTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
        Pattern = string.Empty;
    }

    public string Pattern { get; }

    private static string Shorten(string name) => name.Length <= 80 ? name : name[..77] + "...";
}
