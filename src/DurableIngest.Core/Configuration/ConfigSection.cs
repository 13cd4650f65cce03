using System.Globalization;
using DurableIngest.Configuration.Schema;
using YamlDotNet.RepresentationModel;

namespace DurableIngest.Configuration;

/// <summary>
/// A mapping in a workflow file, read with its YAML path and line numbers. Every read substitutes
/// <c>${VAR}</c> references and reports problems into the shared <see cref="ConfigProblems"/>
/// instead of throwing, so that one pass finds every mistake. When the problems carry a <see cref="ConfigSchemaRecorder"/>,
/// every read also records the key's path, kind and limits: the workflow file's JSON Schema is made from these very reads.
/// </summary>
public sealed class ConfigSection
{
    /// <summary>The words <see cref="GetBool"/> reads as true, in upper case (any case is accepted).</summary>
    public static readonly IReadOnlyList<string> TrueWords = ["TRUE", "YES", "ON"];

    /// <summary>The words <see cref="GetBool"/> reads as false, in upper case (any case is accepted).</summary>
    public static readonly IReadOnlyList<string> FalseWords = ["FALSE", "NO", "OFF"];

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

    /// <summary>
    /// True when the mapping is in the file; always true while <see cref="Recording"/>, so that a reader that reads a
    /// section's keys only when the section is given records them too.
    /// </summary>
    public bool Exists => _node is not null || Recording;

    /// <summary>
    /// True while the readers are driven to record the schema (over an empty document). A reader whose reads depend on
    /// which keys are given reads every one of them then, so that the schema lists them all.
    /// </summary>
    public bool Recording => Problems.Recorder is not null;

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

    /// <param name="key">The key in this mapping.</param>
    /// <param name="required">Report the key when it is absent or empty.</param>
    /// <param name="shape">
    /// A regular expression every value the reader accepts matches, for the schema only (the reader checks the value
    /// itself); null when any text goes.
    /// </param>
    public string? GetString(string key, bool required = false, string? shape = null)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.Text) { Required = required, Pattern = shape });
        return ReadText(key, required);
    }

    /// <summary>
    /// One of <paramref name="choices"/>, matched ignoring case and surrounding spaces, returned as the list spells it;
    /// null when absent or not one of them (reported with <paramref name="invalid"/>'s message for the value, or a list
    /// of the choices). The schema offers the very same list.
    /// </summary>
    public string? GetChoice(string key, IReadOnlyList<string> choices, bool required = false, Func<string, string>? invalid = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Record(key, new ConfigKeyShape(ConfigValueKind.Text) { Required = required, Choices = choices });
        var text = ReadText(key, required);
        if (text is null)
        {
            return null;
        }

        foreach (var choice in choices)
        {
            if (string.Equals(choice, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return choice;
            }
        }

        Error(key, invalid?.Invoke(text) ?? $"must be one of {string.Join(", ", choices)}, not '{text}'");
        return null;
    }

    /// <summary>
    /// A key that is not a setting: when given (whatever its value), it is reported with <paramref name="message"/> for
    /// its value (null when it is not a single value). The schema refuses the key.
    /// </summary>
    public void Forbid(string key, Func<string?, string> message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Record(key, new ConfigKeyShape(ConfigValueKind.Forbidden));
        if (Has(key))
        {
            Error(key, message(IsScalar(key) ? ReadText(key, required: false) : null));
        }
    }

    /// <summary>
    /// Reports every key of this mapping that is not in <paramref name="known"/>, with <paramref name="message"/> for
    /// it; the schema then allows only the keys the readers read here.
    /// </summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known, Func<string, string> message)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(message);
        Problems.Recorder?.Close(Segments());
        foreach (var key in Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)))
        {
            Error(key, message(key));
        }
    }

    private string? ReadText(string key, bool required)
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

    /// <summary>true, yes or on; false, no or off (any case); null when absent.</summary>
    public bool? GetBool(string key)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.Boolean));
        var text = ReadText(key, required: false);
        if (text is null)
        {
            return null;
        }

        var word = text.Trim().ToUpperInvariant();
        if (TrueWords.Contains(word))
        {
            return true;
        }

        if (FalseWords.Contains(word))
        {
            return false;
        }

        Error(key, $"must be true or false, not '{text}'");
        return null;
    }

    public int? GetInt(string key, int? min = null, int? max = null)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.WholeNumber) { Minimum = min, Maximum = max });
        var text = ReadText(key, required: false);
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

    /// <param name="key">The key in this mapping.</param>
    /// <param name="min">The smallest value accepted.</param>
    /// <param name="max">The largest value accepted.</param>
    /// <param name="above">A bound the value must be greater than (not equal to).</param>
    public double? GetDouble(string key, double? min = null, double? max = null, double? above = null)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.Number) { Minimum = min, Maximum = max, ExclusiveMinimum = above });
        var text = ReadText(key, required: false);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error(key, $"must be a number, not '{text}'");
            return null;
        }

        if (above is { } bound && value <= bound)
        {
            Error(key, string.Create(CultureInfo.InvariantCulture, $"must be > {bound}, not {value}"));
            return null;
        }

        return CheckRange(key, value, min, max) ? value : null;
    }

    /// <summary>A nested mapping; an absent key gives an empty section (<see cref="Exists"/> false).</summary>
    /// <param name="key">The key in this mapping.</param>
    /// <param name="required">Report the key as required when it is absent or empty.</param>
    public ConfigSection GetSection(string key, bool required = false)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.Mapping) { Required = required });
        var section = Section(key);
        if (required && (Find(key) is not { } given || (given is YamlScalarNode scalar && IsNull(scalar))))
        {
            Error(key, "required");
        }

        return section;
    }

    private ConfigSection Section(string key)
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
        Record(key, new ConfigKeyShape(ConfigValueKind.List));
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
    /// <param name="key">The key in this mapping.</param>
    /// <param name="notSingleValue">What to report for a name whose value is a mapping or a list; default a generic message.</param>
    public IReadOnlyDictionary<string, string> GetStringMap(string key, string? notSingleValue = null)
    {
        Record(key, new ConfigKeyShape(ConfigValueKind.Map));
        var section = Section(key);
        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in section.Keys)
        {
            if (notSingleValue is not null && section.Has(name) && !section.IsScalar(name))
            {
                section.Error(name, notSingleValue);
            }
            else if (section.ReadText(name, required: false) is { } value)
            {
                map[name] = value;
            }
        }

        return map;
    }

    private void Record(string key, ConfigKeyShape shape) => Problems.Recorder?.Record([.. Segments(), key], shape);

    private string[] Segments() => string.IsNullOrEmpty(Path) ? [] : Path.Split('.');

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
