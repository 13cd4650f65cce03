using System.Collections;

namespace DurableIngest.Configuration;

/// <summary>Collects every problem found in one pass, so a user sees them all at once.</summary>
public sealed class ConfigProblems : IReadOnlyList<ConfigProblem>
{
    private readonly List<ConfigProblem> _problems = [];

    public int Count => _problems.Count;

    public bool HasAny => _problems.Count > 0;

    public ConfigProblem this[int index] => _problems[index];

    public void Add(string path, string message, int line = 0, int column = 0) =>
        _problems.Add(new ConfigProblem(path, message, line, column));

    public void Add(ConfigProblem problem) => _problems.Add(problem);

    public IEnumerator<ConfigProblem> GetEnumerator() => _problems.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void ThrowIfAny(string? source = null)
    {
        if (HasAny)
        {
            throw new ConfigException(source, [.. _problems]);
        }
    }
}
