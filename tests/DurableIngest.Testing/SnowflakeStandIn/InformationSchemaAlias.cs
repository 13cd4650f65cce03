using System.Text;

namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>
/// The one rewrite the stand-in makes to a statement before DuckDB runs it: DuckDB reserves the schema name
/// INFORMATION_SCHEMA in every catalog for its own views, so Snowflake's <c>&lt;db&gt;.INFORMATION_SCHEMA.&lt;view&gt;</c>
/// becomes <c>&lt;db&gt;.SF_INFORMATION_SCHEMA.&lt;view&gt;</c>, where the stand-in keeps tables shaped like Snowflake's
/// views. Only a dotted name part is renamed (quoted or not); string literals and everything else pass unchanged.
/// </summary>
public static class InformationSchemaAlias
{
    public const string Name = "INFORMATION_SCHEMA";
    public const string Alias = "SF_INFORMATION_SCHEMA";

    public static string Apply(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var output = new StringBuilder(sql.Length + 16);
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                var end = SkipQuoted(sql, i, '\'');
                output.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '"')
            {
                var end = SkipQuoted(sql, i, '"');
                var identifier = sql[(i + 1)..(end - 1)];
                output.Append(identifier == Name && IsDotted(sql, i, end) ? Alias : sql[i..end]);
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < sql.Length && (char.IsLetterOrDigit(sql[end]) || sql[end] is '_' or '$'))
                {
                    end++;
                }

                var word = sql[i..end];
                output.Append(word.Equals(Name, StringComparison.OrdinalIgnoreCase) && IsDotted(sql, i, end) ? Alias : word);
                i = end;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        return output.ToString();
    }

    private static int SkipQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static bool IsDotted(string sql, int start, int end) =>
        (start > 0 && sql[start - 1] == '.') || (end < sql.Length && sql[end] == '.');
}
