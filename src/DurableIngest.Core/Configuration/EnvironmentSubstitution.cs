using System.Text;

namespace DurableIngest.Configuration;

/// <summary>
/// Replaces <c>${VAR}</c> and <c>${VAR:-default}</c> in a scalar with values from the environment,
/// as OpenMetadata workflow files use them. <c>$${</c> stands for a literal <c>${</c>.
/// </summary>
public static class EnvironmentSubstitution
{
    /// <summary>Returns the substituted text, or null with <paramref name="missing"/> naming the first unset variable.</summary>
    public static string? Substitute(string text, Func<string, string?> lookup, out string? missing)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        missing = null;
        if (!text.Contains('$', StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '$' && i + 2 < text.Length && text[i + 1] == '$' && text[i + 2] == '{')
            {
                result.Append("${");
                i += 3;
                continue;
            }

            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(text, i, text.Length - i);
                    break;
                }

                var body = text.AsSpan(i + 2, close - i - 2);
                var split = body.IndexOf(":-", StringComparison.Ordinal);
                var name = (split < 0 ? body : body[..split]).Trim().ToString();
                var value = name.Length == 0 ? null : lookup(name);
                if (value is null && split >= 0)
                {
                    value = body[(split + 2)..].ToString();
                }

                if (value is null)
                {
                    missing = name;
                    return null;
                }

                result.Append(value);
                i = close + 1;
                continue;
            }

            result.Append(text[i]);
            i++;
        }

        return result.ToString();
    }

    /// <summary>True when the whole scalar is one <c>${...}</c> reference (used to tell references from literal secrets).</summary>
    public static bool IsReference(string text) =>
        text.StartsWith("${", StringComparison.Ordinal) && text.EndsWith('}') && text.IndexOf('}', StringComparison.Ordinal) == text.Length - 1;
}
