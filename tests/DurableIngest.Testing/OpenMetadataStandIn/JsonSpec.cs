using System.Text.Json;

namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>
/// A small JSON-schema subset, enough to hold OpenMetadata's Create* request schemas: strings with length and
/// the <c>::</c> ban, closed enums, integers, booleans, arrays, and objects with required and only-known properties.
/// <see cref="Validate"/> answers the first violation in the words of the server (Jackson / bean validation).
/// </summary>
internal abstract record JsonSpec
{
    public static JsonSpec Any { get; } = new AnySpec();

    public static JsonSpec Text { get; } = new StringSpec();

    public static JsonSpec Integer { get; } = new IntegerSpec();

    public static JsonSpec Boolean { get; } = new BooleanSpec();

    public abstract string? Validate(JsonElement value, string path);
}

internal sealed record AnySpec : JsonSpec
{
    public override string? Validate(JsonElement value, string path) => null;
}

internal sealed record StringSpec(int MinLength = 0, int MaxLength = int.MaxValue, bool NoDoubleColon = false) : JsonSpec
{
    public override string? Validate(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return $"Cannot deserialize value of type `java.lang.String` from {value.ValueKind} at {path}";
        }

        var text = value.GetString()!;
        if (text.Length < MinLength || text.Length > MaxLength)
        {
            return $"[{path} size must be between {MinLength} and {MaxLength}]";
        }

        return NoDoubleColon && text.Contains("::", StringComparison.Ordinal) ? $"[{path} must match \"^((?!::).)*$\"]" : null;
    }
}

internal sealed record EnumSpec(string JavaType, IReadOnlyList<string> Values) : JsonSpec
{
    public override string? Validate(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String && Values.Contains(value.GetString()!, StringComparer.Ordinal)
            ? null
            : $"Cannot deserialize value of type `{JavaType}` from String {value.GetRawText()}: not one of the values accepted for Enum class: [{string.Join(", ", Values)}] at {path}";
}

internal sealed record IntegerSpec : JsonSpec
{
    public override string? Validate(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? null : $"Cannot deserialize value of type `java.lang.Integer` from {value.GetRawText()} at {path}";
}

internal sealed record BooleanSpec : JsonSpec
{
    public override string? Validate(JsonElement value, string path) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : $"Cannot deserialize value of type `java.lang.Boolean` from {value.GetRawText()} at {path}";
}

internal sealed record ArraySpec(Func<JsonSpec> Items) : JsonSpec
{
    public override string? Validate(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return $"Cannot deserialize value of type `java.util.ArrayList` from {value.ValueKind} at {path}";
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Items().Validate(item, $"{path}[{index++}]") is { } error)
            {
                return error;
            }
        }

        return null;
    }
}

internal sealed record ObjectSpec(string JavaType, IReadOnlyDictionary<string, JsonSpec> Properties, IReadOnlyList<string> Required) : JsonSpec
{
    public override string? Validate(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return $"Cannot deserialize value of type `{JavaType}` from {value.ValueKind} at {path}";
        }

        foreach (var property in value.EnumerateObject())
        {
            if (!Properties.TryGetValue(property.Name, out var spec))
            {
                return $"Unrecognized field \"{property.Name}\" (class {JavaType}), not marked as ignorable at {path}";
            }

            if (property.Value.ValueKind != JsonValueKind.Null && spec.Validate(property.Value, Join(path, property.Name)) is { } error)
            {
                return error;
            }
        }

        foreach (var name in Required)
        {
            if (!value.TryGetProperty(name, out var present) || present.ValueKind == JsonValueKind.Null)
            {
                return $"[{Join(path, name)} must not be null]";
            }
        }

        return null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
