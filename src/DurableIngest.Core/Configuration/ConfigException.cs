namespace DurableIngest.Configuration;

/// <summary>A configuration that cannot be used; carries every problem found.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string? source, IReadOnlyList<ConfigProblem> problems)
        : base(Format(source, problems))
    {
        Source = source;
        Problems = problems;
    }

    public ConfigException()
        : this(null, [])
    {
    }

    public ConfigException(string message)
        : this(null, [new ConfigProblem(string.Empty, message)])
    {
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new ConfigProblem(string.Empty, message)];
    }

    public IReadOnlyList<ConfigProblem> Problems { get; } = [];

    private static string Format(string? source, IReadOnlyList<ConfigProblem> problems)
    {
        var header = problems.Count == 1 ? "1 problem" : $"{problems.Count} problems";
        var lines = problems.Select(p => "  " + p);
        return $"{(source is null ? "Invalid configuration" : source + " is invalid")}: {header}{Environment.NewLine}{string.Join(Environment.NewLine, lines)}";
    }
}
