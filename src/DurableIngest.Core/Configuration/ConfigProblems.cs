using System.Collections;
using DurableIngest.Configuration.Schema;

namespace DurableIngest.Configuration;

/// <summary>
/// Collects every problem found in one pass, so a user sees them all at once, in the file's order (by line and column;
/// problems without a position last), whatever order the readers found them in.
/// </summary>
public sealed class ConfigProblems : IReadOnlyList<ConfigProblem>
{
    private readonly List<ConfigProblem> _problems = [];

    public ConfigProblems()
    {
    }

    /// <summary>Problems of a recording pass: every read through a <see cref="ConfigSection"/> over them records its key.</summary>
    public ConfigProblems(ConfigSchemaRecorder recorder)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        Recorder = recorder;
    }

    /// <summary>What the readers' keys are recorded into, while the schema is made; null otherwise.</summary>
    public ConfigSchemaRecorder? Recorder { get; }

    public int Count => _problems.Count;

    public bool HasAny => _problems.Count > 0;

    public ConfigProblem this[int index] => _problems[index];

    public void Add(string path, string message, int line = 0, int column = 0) => Add(new ConfigProblem(path, message, line, column));

    public void Add(ConfigProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var at = _problems.FindLastIndex(p => Position(p).CompareTo(Position(problem)) <= 0);
        _problems.Insert(at + 1, problem);
    }

    public IEnumerator<ConfigProblem> GetEnumerator() => _problems.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static (int Line, int Column) Position(ConfigProblem problem) =>
        problem.Line > 0 ? (problem.Line, problem.Column) : (int.MaxValue, 0);

    public void ThrowIfAny(string? source = null)
    {
        if (HasAny)
        {
            throw new ConfigException(source, [.. _problems]);
        }
    }
}
