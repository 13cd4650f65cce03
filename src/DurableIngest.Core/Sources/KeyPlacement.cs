using DurableIngest.Entities;

namespace DurableIngest.Sources;

/// <summary>A table's key as a source read it: its kind, its columns and, for a foreign key, the referred columns' FQNs.</summary>
internal sealed record TableKey(ConstraintType Type, IReadOnlyList<string> Columns, IReadOnlyList<string>? ReferredColumns = null);

/// <summary>
/// Places a table's keys as OpenMetadata does, for every source: a one-column primary or unique key is the column's
/// constraint; wider ones, foreign keys and the rest (Redshift's dist and sort keys) are table constraints.
/// </summary>
internal sealed class KeyPlacement
{
    private readonly HashSet<string> _primaryKey;
    private readonly HashSet<string> _unique;

    public KeyPlacement(IEnumerable<TableKey> keys)
    {
        var all = keys.ToList();
        _primaryKey = SingleColumns(all, ConstraintType.PrimaryKey);
        _unique = SingleColumns(all, ConstraintType.Unique);
        TableConstraints = [.. all
            .Where(k => k.Type is not (ConstraintType.PrimaryKey or ConstraintType.Unique) || k.Columns.Count > 1)
            .Select(k => new TableConstraint { ConstraintType = k.Type, Columns = k.Columns, ReferredColumns = k.ReferredColumns })];
    }

    public List<TableConstraint> TableConstraints { get; }

    public ColumnConstraint ColumnConstraint(string column, bool nullable) =>
        _primaryKey.Contains(column) ? Entities.ColumnConstraint.PrimaryKey
        : _unique.Contains(column) ? Entities.ColumnConstraint.Unique
        : nullable ? Entities.ColumnConstraint.Null
        : Entities.ColumnConstraint.NotNull;

    private static HashSet<string> SingleColumns(List<TableKey> keys, ConstraintType type) =>
        [.. keys.Where(k => k.Type == type && k.Columns.Count == 1).Select(k => k.Columns[0])];
}
