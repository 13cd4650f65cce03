using System.Text;
using DurableIngest.Entities;

namespace DurableIngest.Sources.MySql;

/// <summary>
/// Turns a table's <c>STATISTICS</c> rows into <see cref="TableIndex"/>es whose definition is the line
/// <c>SHOW CREATE TABLE</c> prints for the key: <c>PRIMARY KEY (`id`)</c>, <c>UNIQUE KEY `u` (`a`,`b`(10))</c>,
/// <c>KEY `k` (`c` DESC) COMMENT '...'</c>, <c>FULLTEXT KEY</c>, <c>SPATIAL KEY</c>.
/// </summary>
internal static class MySqlIndexDefinitions
{
    public static IReadOnlyList<TableIndex> From(IReadOnlyList<MySqlIndexColumnRow> rows)
    {
        var indexes = new List<TableIndex>();
        foreach (var index in rows.GroupBy(r => r.IndexName, StringComparer.Ordinal))
        {
            var parts = index.ToList();
            var first = parts[0];
            var definition = new StringBuilder();
            definition.Append(first.IndexName == "PRIMARY" ? "PRIMARY KEY"
                : first.Unique ? $"UNIQUE KEY {Quote(first.IndexName)}"
                : first.IndexType == "FULLTEXT" ? $"FULLTEXT KEY {Quote(first.IndexName)}"
                : first.IndexType == "SPATIAL" ? $"SPATIAL KEY {Quote(first.IndexName)}"
                : $"KEY {Quote(first.IndexName)}");
            definition.Append(" (").AppendJoin(",", parts.Select(Part)).Append(')');
            if (first.IndexType == "HASH")
            {
                definition.Append(" USING HASH");
            }

            if (!string.IsNullOrEmpty(first.Comment))
            {
                definition.Append(" COMMENT '").Append(first.Comment.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
            }

            indexes.Add(new TableIndex
            {
                Name = first.IndexName,
                Columns = [.. parts.Select(p => p.Column ?? p.Expression ?? "?")],
                Unique = first.Unique,
                Definition = definition.ToString(),
            });
        }

        return indexes;
    }

    /// <summary>An identifier as MySQL quotes it: in backquotes, a backquote doubled.</summary>
    public static string Quote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        return "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    private static string Part(MySqlIndexColumnRow part)
    {
        var text = part.Column is not null ? Quote(part.Column) : $"({part.Expression})";
        // A spatial key reports a sub-part of 32 bytes that SHOW CREATE TABLE never prints.
        if (part.SubPart is { } length && part.IndexType != "SPATIAL")
        {
            text += $"({length})";
        }

        return part.Order == "D" ? text + " DESC" : text;
    }
}
