using System.Text;

namespace DurableIngest.Entities;

/// <summary>
/// OpenMetadata fully qualified names: parts joined with <c>.</c>; a part containing a dot is wrapped
/// in double quotes (a quote inside such a part is doubled, as OpenMetadata's FQN grammar reads it).
/// </summary>
public static class Fqn
{
    public static string Join(params ReadOnlySpan<string> parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            if (builder.Length > 0)
            {
                builder.Append('.');
            }

            builder.Append(Quote(part));
        }

        return builder.ToString();
    }

    public static string Quote(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return part.Contains('.', StringComparison.Ordinal)
            ? "\"" + part.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : part;
    }

    /// <summary>Splits an FQN back into its parts, honouring quoted parts.</summary>
    public static IReadOnlyList<string> Split(string fqn)
    {
        ArgumentNullException.ThrowIfNull(fqn);
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < fqn.Length; i++)
        {
            var c = fqn[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < fqn.Length && fqn[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }
}
