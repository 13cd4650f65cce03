using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

/// <summary>
/// A mapping in a workflow file, read with its YAML path and line numbers. Every read substitutes
/// <c>${VAR}</c> references and reports problems into the shared <see cref="ConfigProblems"/>
/// instead of throwing, so that one pass finds every mistake.
/// </summary>
public sealed class ConfigSection
{
    private readonly YamlMappingNode? _node;
    private readonly Func<string, string?> _environment;

    public ConfigSection(string path, YamlMappingNode? node, ConfigProblems problems, Func<string, string?> environment)
    {
        Path = path;
        _node = node;
        Problems = problems;
        _environment = environment;
    }

    public string Path { get; }

    public ConfigProblems Problems { get; }

    public bool Exists => _node is not null;

    public int Line => _node is null ? 0 : (int)_node.Start.Line;

    public IEnumerable<string> Keys =>
        _node?.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty) ?? [];

    public string PathOf(string key) => string.IsNullOrEmpty(Path) ? key : $"{Path}.{key}";

    public bool Has(string key) => Find(key) is not null;

    /// <summary>True when the key holds a single value (not a mapping or list).</summary>
    public bool IsScalar(string key) => Find(key) is YamlScalarNode;

    public void Error(string key, string message)
    {
        var node = Find(key);
        var mark = node?.Start ?? _node?.Start;
        Problems.Add(PathOf(key), message, mark is null ? 0 : (int)mark.Value.Line, mark is null ? 0 : (int)mark.Value.Column);
    }

    public string? GetString(string key, bool required = false)
    {
        var node = Find(key);
        if (node is null)
        {
            if (required)
            {
                Error(key, "required");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            Error(key, $"must be a single value, not a {(node is YamlMappingNode ? "mapping" : "list")}");
            return null;
        }

        if (IsNull(scalar))
        {
            if (required)
            {
                Error(key, "required (it is empty)");
            }

            return null;
        }

        var value = Substitute(key, scalar);
        if (required && value is { Length: 0 })
        {
            Error(key, "required (it is empty)");
            return null;
        }

        return value;
    }

    public bool? GetBool(string key)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }

        switch (text.Trim().ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON":
                return true;
            case "FALSE" or "NO" or "OFF":
                return false;
            default:
                Error(key, $"must be true or false, not '{text}'");
                return null;
        }
    }

    public int? GetInt(string key, int? min = null, int? max = null)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            Error(key, $"must be a whole number, not '{text}'");
            return null;
        }

        return CheckRange(key, value, min, max) ? value : null;
    }

    public double? GetDouble(string key, double? min = null, double? max = null)
    {
        var text = GetString(key);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(key, $"must be a number, not '{text}'");
            return null;
        }

        return CheckRange(key, value, min, max) ? value : null;
    }

    /// <summary>A nested mapping; an absent key gives an empty section (<see cref="Exists"/> false).</summary>
    public ConfigSection GetSection(string key)
    {
        var node = Find(key);
        if (node is null || (node is YamlScalarNode s && IsNull(s)))
        {
            return new ConfigSection(PathOf(key), null, Problems, _environment);
        }

        if (node is not YamlMappingNode mapping)
        {
            Error(key, "must be a mapping (key: value pairs)");
            return new ConfigSection(PathOf(key), null, Problems, _environment);
        }

        return new ConfigSection(PathOf(key), mapping, Problems, _environment);
    }

    /// <summary>A list of single values; a lone scalar counts as a one-item list.</summary>
    public IReadOnlyList<string> GetStringList(string key)
    {
        var node = Find(key);
        switch (node)
        {
            case null:
                return [];
            case YamlScalarNode scalar when IsNull(scalar):
                return [];
            case YamlScalarNode scalar:
                return Substitute(key, scalar) is { } one ? [one] : [];
            case YamlSequenceNode sequence:
                var items = new List<string>();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    var itemPath = $"{key}[{index}]";
                    if (item is YamlScalarNode itemScalar && !IsNull(itemScalar))
                    {
                        if (Substitute(itemPath, itemScalar) is { } value)
                        {
                            items.Add(value);
                        }
                    }
                    else
                    {
                        Problems.Add(PathOf(itemPath), "must be a single value", (int)item.Start.Line, (int)item.Start.Column);
                    }

                    index++;
                }

                return items;
            default:
                Error(key, "must be a list");
                return [];
        }
    }

    /// <summary>A flat mapping of names to single values (connectionOptions and the like), sorted by key.</summary>
    public IReadOnlyDictionary<string, string> GetStringMap(string key)
    {
        var section = GetSection(key);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in section.Keys)
        {
            if (section.GetString(name) is { } value)
            {
                map[name] = value;
            }
        }

        return map;
    }

    private bool CheckRange<T>(string key, T value, T? min, T? max)
        where T : struct, IComparable<T>
    {
        if (min is { } low && value.CompareTo(low) < 0)
        {
            Error(key, $"must be >= {low}, not {value}");
            return false;
        }

        if (max is { } high && value.CompareTo(high) > 0)
        {
            Error(key, $"must be <= {high}, not {value}");
            return false;
        }

        return true;
    }

    private string? Substitute(string key, YamlScalarNode scalar)
    {
        var raw = scalar.Value ?? string.Empty;
        var value = EnvironmentSubstitution.Substitute(raw, _environment, out var missing);
        if (value is null)
        {
            Problems.Add(
                PathOf(key),
                $"environment variable {missing} is not set; set it, or give a default as ${{{missing}:-value}}",
                (int)scalar.Start.Line,
                (int)scalar.Start.Column);
        }

        return value;
    }

    private YamlNode? Find(string key)
    {
        if (_node is null)
        {
            return null;
        }

        foreach (var pair in _node.Children)
        {
            if (pair.Key is YamlScalarNode k && string.Equals(k.Value, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == YamlDotNet.Core.ScalarStyle.Plain && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");
}
