namespace DurableIngest.Configuration.Schema;

/// <summary>What one read of a workflow key accepts: its kind, whether it is required, its bounds and its choices.</summary>
public sealed record ConfigKeyShape(ConfigValueKind Kind)
{
    public bool Required { get; init; }

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    /// <summary>A bound the value must be greater than.</summary>
    public double? ExclusiveMinimum { get; init; }

    /// <summary>The only values accepted (ignoring case and surrounding spaces); null when any goes.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>A regular expression every accepted text matches; null when any goes.</summary>
    public string? Pattern { get; init; }

    /// <summary>
    /// This shape and <paramref name="other"/>, read at the same path, as one: required when either is, the bounds and
    /// choices of the one that has them. Throws when the two reads disagree on what the key is.
    /// </summary>
    public ConfigKeyShape Merge(ConfigKeyShape other, string path)
    {
        ArgumentNullException.ThrowIfNull(other);
        var kind = (Kind, other.Kind) switch
        {
            var (a, b) when a == b => a,
            (ConfigValueKind.Mapping, ConfigValueKind.Map) or (ConfigValueKind.Map, ConfigValueKind.Mapping) => ConfigValueKind.Map,
            _ => throw new InvalidOperationException($"{path} is read as {Kind} and as {other.Kind}; one key has one kind"),
        };
        if (Choices is not null && other.Choices is not null && !Choices.SequenceEqual(other.Choices, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{path} is read with two lists of choices; one key has one list");
        }

        return new ConfigKeyShape(kind)
        {
            Required = Required || other.Required,
            Minimum = Minimum ?? other.Minimum,
            Maximum = Maximum ?? other.Maximum,
            ExclusiveMinimum = ExclusiveMinimum ?? other.ExclusiveMinimum,
            Choices = Choices ?? other.Choices,
            Pattern = Pattern ?? other.Pattern,
        };
    }
}
