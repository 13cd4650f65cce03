using System.Text;
using DurableIngest.Entities;

namespace DurableIngest.Sources.Postgres;

/// <summary>
/// Turns an <see cref="IndexRow"/> into a <see cref="TableIndex"/>: key column names from the relation's columns and
/// the definition PostgreSQL's <c>pg_get_indexdef</c> prints for it (default operator classes and collations assumed).
/// </summary>
internal static class IndexDefinitions
{
    public static TableIndex From(IndexRow index, RelationRow relation, IReadOnlyList<ColumnRow> columns)
    {
        // A scan per key, where a dictionary of the columns per index was a fifth of a chunk's allocations.
        ColumnRow? Column(int position) => MetadataRowReaders.FindColumn(columns, index.Keys[position]);

        string Name(int position) => index.Keys[position] == 0
            ? index.Expressions?.ElementAtOrDefault(position) ?? "?"
            : Column(position)?.Name ?? "?";
        string Quoted(int position) => index.Keys[position] == 0
            ? LooksLikeFunctionCall(Name(position)) ? Name(position) : "(" + Name(position) + ")"
            : Column(position) is { } column ? column.QuotedName ?? column.Name : "?";

        var keyCount = Math.Min(index.KeyCount, index.Keys.Count);
        var definition = new StringBuilder("CREATE ")
            .Append(index.Unique ? "UNIQUE " : string.Empty)
            .Append("INDEX ").Append(index.QuotedName)
            .Append(" ON ").Append(relation.Kind == 'p' ? "ONLY " : string.Empty)
            .Append(relation.QualifiedName)
            .Append(" USING ").Append(index.Method).Append(" (");
        for (var i = 0; i < keyCount; i++)
        {
            var option = i < index.Options.Count ? index.Options[i] : 0;
            definition.Append(i > 0 ? ", " : string.Empty).Append(Quoted(i));
            var descending = (option & 1) != 0;
            var nullsFirst = (option & 2) != 0;
            definition.Append(descending ? " DESC" : string.Empty);
            if (descending != nullsFirst)
            {
                definition.Append(nullsFirst ? " NULLS FIRST" : " NULLS LAST");
            }
        }

        definition.Append(')');
        if (index.Keys.Count > keyCount)
        {
            definition.Append(" INCLUDE (").AppendJoin(", ", Enumerable.Range(keyCount, index.Keys.Count - keyCount).Select(Quoted)).Append(')');
        }

        if (index.Predicate is not null)
        {
            definition.Append(" WHERE ").Append(index.Predicate);
        }

        return new TableIndex
        {
            Name = index.Name,
            Columns = [.. Enumerable.Range(0, keyCount).Select(Name)],
            Unique = index.Unique,
            Definition = definition.ToString(),
        };
    }

    // pg_get_indexdef writes a function-call key bare and wraps any other expression in parentheses.
    private static bool LooksLikeFunctionCall(string expression)
    {
        var open = expression.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && expression.EndsWith(')') && expression[..open].All(c => char.IsLetterOrDigit(c) || c is '_' or '.' or '"');
    }
}
