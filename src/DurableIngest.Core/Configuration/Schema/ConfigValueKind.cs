namespace DurableIngest.Configuration.Schema;

/// <summary>What a reader reads a workflow key as (see <see cref="ConfigSection"/>'s Get methods).</summary>
public enum ConfigValueKind
{
    /// <summary>A single value read as text: any scalar (a number or a boolean is read as its text).</summary>
    Text,

    /// <summary>A whole number (<see cref="ConfigSection.GetInt"/>).</summary>
    WholeNumber,

    /// <summary>A number (<see cref="ConfigSection.GetDouble"/>).</summary>
    Number,

    /// <summary>true/false, yes/no, on/off (<see cref="ConfigSection.GetBool"/>).</summary>
    Boolean,

    /// <summary>A nested mapping whose keys the readers read one by one (<see cref="ConfigSection.GetSection"/>).</summary>
    Mapping,

    /// <summary>A list of single values, or one value (<see cref="ConfigSection.GetStringList"/>).</summary>
    List,

    /// <summary>A mapping of any names to single values (<see cref="ConfigSection.GetStringMap"/>).</summary>
    Map,

    /// <summary>A key that is refused when given (<see cref="ConfigSection.Forbid"/>).</summary>
    Forbidden,
}
