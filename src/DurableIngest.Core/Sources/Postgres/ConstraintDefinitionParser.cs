using System.Text;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// Reads the column lists out of <c>pg_get_constraintdef</c> text (<c>FOREIGN KEY (a, "b c") REFERENCES s.t(x, y)</c>):
/// every top-level parenthesised group outside quotes, as unquoted identifiers.
/// </summary>
internal static class ConstraintDefinitionParser
{
    public static IReadOnlyList<IReadOnlyList<string>> ColumnLists(string definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var lists = new List<IReadOnlyList<string>>();
        var i = 0;
        while (i < definition.Length)
        {
            var c = definition[i];
            if (c == '"')
            {
                i = SkipQuoted(definition, i);
            }
            else if (c == '(')
            {
                var (list, next) = ReadList(definition, i + 1);
                lists.Add(list);
                i = next;
            }
            else
            {
                i++;
            }
        }

        return lists;
    }

    private static (IReadOnlyList<string> List, int Next) ReadList(string text, int start)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        current.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        current.Append(text[i]);
                        i++;
                    }
                }
            }
            else if (c == ',' || c == ')')
            {
                items.Add(current.ToString().Trim());
                current.Clear();
                i++;
                if (c == ')')
                {
                    return (items, i);
                }
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        items.Add(current.ToString().Trim());
        return (items, i);
    }

    private static int SkipQuoted(string text, int start)
    {
        var i = start + 1;
        while (i < text.Length)
        {
            if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
            {
                i += 2;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }

        return i;
    }
}
