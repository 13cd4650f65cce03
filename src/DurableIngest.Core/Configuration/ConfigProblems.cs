using System.Collections;
using DurableIngest.Configuration.Schema;

namespace DurableIngest.Configuration;

/// <summary>Collects every problem found in one pass, so a user sees them all at once.</summary>
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
