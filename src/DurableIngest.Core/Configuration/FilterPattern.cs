using System.Text.RegularExpressions;

namespace DurableIngest.Configuration;

/// <summary>
/// OpenMetadata's include/exclude filter: a pattern matches when the regex matches at the START of the
/// name (Python's <c>re.match</c>), ignoring case. When <see cref="Includes"/> is non-empty, excludes are ignored.
/// </summary>
public sealed class FilterPattern
{
    public static readonly FilterPattern All = new([], []);

    private readonly Regex[] _includes;
    private readonly Regex[] _excludes;

    private FilterPattern(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Includes = includes;
        Excludes = excludes;
        _includes = [.. includes.Select(Build)];
        _excludes = [.. excludes.Select(Build)];
    }

    public IReadOnlyList<string> Includes { get; }

    public IReadOnlyList<string> Excludes { get; }

    public bool IsEmpty => Includes.Count == 0 && Excludes.Count == 0;

    /// <summary>True when the name is kept (not filtered out).</summary>
    public bool Keeps(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_includes.Length > 0)
        {
            return _includes.Any(r => r.IsMatch(name));
        }

        return !_excludes.Any(r => r.IsMatch(name));
    }

    /// <summary>Reads <c>{ includes: [...], excludes: [...] }</c>; every bad regex is reported with its path.</summary>
    public static FilterPattern Read(ConfigSection parent, string key)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var section = parent.GetSection(key);
        if (!section.Exists)
        {
            return All;
        }

        return new FilterPattern(Compile(section, "includes"), Compile(section, "excludes"));
    }

    public static FilterPattern Create(IEnumerable<string> includes, IEnumerable<string> excludes) =>
        new([.. includes], [.. excludes]);

    private static string[] Compile(ConfigSection section, string key)
    {
        var compiled = new List<string>();
        var patterns = section.GetStringList(key);
        for (var i = 0; i < patterns.Count; i++)
        {
            try
            {
                _ = Build(patterns[i]);
                compiled.Add(patterns[i]);
            }
            catch (ArgumentException e)
            {
                section.Error($"{key}", $"item {i} '{patterns[i]}' is not a valid regular expression: {e.Message}");
            }
        }

        return [.. compiled];
    }

    private static Regex Build(string pattern) =>
        new($"^(?:{pattern})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
