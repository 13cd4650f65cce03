using System.Text;
using System.Text.RegularExpressions;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// Snowflake identifiers as the SQL API wants them. The request's <c>database</c>, <c>warehouse</c> and <c>role</c> are
/// case-sensitive and must match the case SHOW commands report, so a configured name is resolved as Snowflake resolves
/// an identifier in SQL: unquoted, it is stored in upper case; in double quotes, exactly as written.
/// </summary>
public static partial class SnowflakeIdentifier
{
    /// <summary>The stored name for a configured identifier, or null with a <paramref name="problem"/> saying how to write it.</summary>
    public static string? Resolve(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        problem = null;
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = value[1..^1];
            if (inner.Length == 0 || inner.Replace("\"\"", string.Empty, StringComparison.Ordinal).Contains('"', StringComparison.Ordinal))
            {
                problem = $"'{value}' is not a valid quoted identifier; inside double quotes write a quote as two quotes";
                return null;
            }

            return inner.Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        if (!Unquoted().IsMatch(value))
        {
            problem = $"'{value}' is not an unquoted Snowflake identifier (a letter or '_', then letters, digits, '_' or '$'); " +
                $"to use it as written, put it in double quotes inside the YAML value, e.g. '\"{value}\"'";
            return null;
        }

        return value.ToUpperInvariant();
    }

    /// <summary>The name as a double-quoted SQL identifier (quotes doubled).</summary>
    public static string Quote(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new StringBuilder(name.Length + 2).Append('"').Append(name.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_$]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Unquoted();
}
