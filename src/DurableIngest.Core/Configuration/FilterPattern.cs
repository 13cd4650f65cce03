using System.Text.RegularExpressions;

namespace DurableIngest.Configuration;

/// <summary>
/// OpenMetadata's include/exclude filter: a pattern matches when the regex matches at the START of the
/// name (Python's <c>re.match</c>), ignoring case. When <see cref="Includes"/> is non-empty, excludes are ignored.
/// Patterns come from workflow files, posted ones included, so none may spin: they run on .NET's non-backtracking
/// engine (linear in the name's length); a pattern it cannot run (lookarounds, backreferences) runs backtracking under
/// <see cref="MatchTimeout"/>, and a match that overruns it stops discovery naming the pattern.
/// </summary>
public sealed class FilterPattern
{
    public static readonly FilterPattern All = new([], []);

    /// <summary>How long one backtracking match may take. 100 ms: a name is at most a few hundred characters.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private readonly (string Pattern, Regex Regex)[] _includes;
    private readonly (string Pattern, Regex Regex)[] _excludes;

    private FilterPattern(IReadOnlyList<string> includes, IReadOnlyList<string> excludes)
    {
        Includes = includes;
        Excludes = excludes;
        _includes = [.. includes.Select(p => (p, Build(p)))];
        _excludes = [.. excludes.Select(p => (p, Build(p)))];
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
            return _includes.Any(r => IsMatch(r.Pattern, r.Regex, name));
        }

        return !_excludes.Any(r => IsMatch(r.Pattern, r.Regex, name));
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

    private static bool IsMatch(string pattern, Regex regex, string name)
    {
        try
        {
            return regex.IsMatch(name);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new FilterPatternTimeoutException(pattern, name, MatchTimeout);
        }
    }

    private static Regex Build(string pattern)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        var anchored = $"^(?:{pattern})";
        try
        {
            return new Regex(anchored, options | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException)
        {
            return new Regex(anchored, options, MatchTimeout);
        }
    }
}
