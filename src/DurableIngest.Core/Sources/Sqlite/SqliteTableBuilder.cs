using DurableIngest.Entities;

namespace DurableIngest.Sources.Sqlite;

/// <summary>
/// Turns the catalog rows of one table or view into <see cref="TableMetadata"/>, following OpenMetadata's own
/// ingestion: a single-column primary key or UNIQUE constraint is the column's <c>constraint</c>; a multi-column one
/// is a table constraint; every foreign key is a table constraint whose <c>referredColumns</c> are column FQNs.
/// Columns keep their position; table constraints come primary key first, then UNIQUE, then FOREIGN_KEY, each
/// ordered by its columns (SQLite does not report constraint names); indexes are ordered by name.
/// </summary>
internal static class SqliteTableBuilder
{
    /// <summary>Stands for an indexed expression (its text is in the index's definition).</summary>
    public const string ExpressionColumn = "<expression>";

    private const string UniqueConstraintOrigin = "u";
    private const string CreateIndexOrigin = "c";

    public static TableMetadata Build(SqliteObjectRow table, SqliteMetadataRows rows, SchemaRef schema)
    {
        var isView = string.Equals(table.Type, "view", StringComparison.OrdinalIgnoreCase);
        var comments = SqliteDdlComments.Parse(table.Sql);
        var columnRows = rows.Columns[table.Name].ToList();
        var primaryKey = columnRows.Where(c => c.PrimaryKeyPosition > 0).OrderBy(c => c.PrimaryKeyPosition).Select(c => c.Name).ToList();
        var indexRows = rows.Indexes[table.Name].ToList();
        var uniqueConstraints = indexRows
            .Where(i => i.Origin == UniqueConstraintOrigin)
            .GroupBy(i => i.Index, StringComparer.Ordinal)
            .Select(g => g.OrderBy(i => i.Sequence).Select(i => i.Column ?? ExpressionColumn).ToList())
            .ToList();
        var uniqueColumns = uniqueConstraints.Where(u => u.Count == 1).Select(u => u[0]).ToHashSet(StringComparer.Ordinal);

        var columns = new List<Column>(columnRows.Count);
        foreach (var row in columnRows)
        {
            var type = SqliteTypeMapper.Map(row.DeclaredType);
            var constraint = primaryKey is [var key] && key == row.Name ? ColumnConstraint.PrimaryKey
                : uniqueColumns.Contains(row.Name) ? ColumnConstraint.Unique
                : row.NotNull ? ColumnConstraint.NotNull
                : ColumnConstraint.Null;
            columns.Add(type.ToColumn(
                row.Name,
                string.IsNullOrWhiteSpace(row.DeclaredType) ? null : row.DeclaredType,
                comments.ColumnDescriptions.GetValueOrDefault(row.Name),
                constraint,
                columns.Count + 1));
        }

        return new TableMetadata
        {
            Schema = schema,
            Name = table.Name,
            TableType = isView ? TableType.View : TableType.Regular,
            Columns = columns,
            Description = comments.TableDescription,
            TableConstraints = BuildConstraints(primaryKey, uniqueConstraints, rows.ForeignKeys[table.Name], schema),
            SchemaDefinition = isView ? table.Sql : null,
            SourceDetails = new SourceDetails { Indexes = BuildIndexes(indexRows) },
        };
    }

    private static List<TableConstraint> BuildConstraints(
        List<string> primaryKey, List<List<string>> uniqueConstraints, IEnumerable<SqliteForeignKeyRow> foreignKeyRows, SchemaRef schema)
    {
        var constraints = new List<TableConstraint>();
        if (primaryKey.Count > 1)
        {
            constraints.Add(new TableConstraint { ConstraintType = ConstraintType.PrimaryKey, Columns = primaryKey });
        }

        constraints.AddRange(uniqueConstraints
            .Where(u => u.Count > 1)
            .DistinctBy(SortKey, StringComparer.Ordinal)
            .OrderBy(SortKey, StringComparer.Ordinal)
            .Select(u => new TableConstraint { ConstraintType = ConstraintType.Unique, Columns = u }));

        var foreignKeys = new List<TableConstraint>();
        foreach (var group in foreignKeyRows.GroupBy(f => f.Id))
        {
            var pairs = group.OrderBy(f => f.Sequence).ToList();
            var referred = pairs.All(p => p.ReferredColumn is not null)
                ? pairs.Select(p => Fqn.Join(schema.Service, schema.Database, schema.Schema, p.ReferredTable, p.ReferredColumn!)).ToList()
                : null;
            foreignKeys.Add(new TableConstraint
            {
                ConstraintType = ConstraintType.ForeignKey,
                Columns = [.. pairs.Select(p => p.Column)],
                ReferredColumns = referred,
            });
        }

        constraints.AddRange(foreignKeys
            .OrderBy(f => SortKey(f.Columns), StringComparer.Ordinal)
            .ThenBy(f => f.ReferredColumns is null ? string.Empty : SortKey(f.ReferredColumns), StringComparer.Ordinal));
        return constraints;
    }

    private static List<TableIndex> BuildIndexes(List<SqliteIndexRow> indexRows) =>
    [
        .. indexRows
            .Where(i => i.Origin == CreateIndexOrigin)
            .GroupBy(i => i.Index, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TableIndex
            {
                Name = g.Key,
                Columns = [.. g.OrderBy(i => i.Sequence).Select(i => i.Column ?? ExpressionColumn)],
                Unique = g.First().Unique,
                Definition = g.First().Sql,
            }),
    ];

    private static string SortKey(IReadOnlyList<string> columns) => string.Join('\u0001', columns);
}
