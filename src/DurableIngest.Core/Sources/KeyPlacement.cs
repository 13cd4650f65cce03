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
    // Tables have a key or two: lists scanned per column cost less than two sets built per table.
    private readonly List<string> _primaryKey = [];
    private readonly List<string> _unique = [];

    public KeyPlacement(IEnumerable<TableKey> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            if (key.Columns.Count == 1 && key.Type is ConstraintType.PrimaryKey or ConstraintType.Unique)
            {
                (key.Type == ConstraintType.PrimaryKey ? _primaryKey : _unique).Add(key.Columns[0]);
            }
            else
            {
                TableConstraints.Add(new TableConstraint { ConstraintType = key.Type, Columns = key.Columns, ReferredColumns = key.ReferredColumns });
            }
        }
    }

    public List<TableConstraint> TableConstraints { get; } = [];

    public ColumnConstraint ColumnConstraint(string column, bool nullable) =>
        _primaryKey.Contains(column) ? Entities.ColumnConstraint.PrimaryKey
        : _unique.Contains(column) ? Entities.ColumnConstraint.Unique
        : nullable ? Entities.ColumnConstraint.Null
        : Entities.ColumnConstraint.NotNull;
}
