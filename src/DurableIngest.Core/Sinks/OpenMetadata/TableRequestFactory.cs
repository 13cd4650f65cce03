using DurableIngest.Entities;
using DurableIngest.Sinks.OpenMetadata.Requests;

namespace DurableIngest.Sinks.OpenMetadata;

/// <summary>
/// Turns a <see cref="TableMetadata"/> into a CreateTable request the server accepts. Besides the JSON schema, the
/// server checks columns and constraints (DatabaseUtil and TableRepository); requests are shaped to pass them:
/// a length for char/varchar/binary, an element type for arrays, children for structs, no scale without precision,
/// at most one column tagged PRIMARY_KEY, no DDL on regular tables, partition and constraint columns that exist,
/// and foreign keys only to tables the catalog already has.
/// </summary>
internal static class TableRequestFactory
{
    public const int MaxColumnNameLength = 128;
    public const int MaxEntityNameLength = 256;

    private static readonly string[] PartitionPseudoColumns = ["_PARTITIONDATE", "_PARTITIONTIME"];

    /// <summary>Why the server would refuse this table whatever we do, or null when it can be sent.</summary>
    public static string? FindProblem(TableMetadata table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (EntityNameProblem(table.Name, MaxEntityNameLength) is { } tableProblem)
        {
            return $"table name {tableProblem}";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in table.Columns)
        {
            if (EntityNameProblem(column.Name, MaxColumnNameLength) is { } columnProblem)
            {
                return $"column name '{Shorten(column.Name)}' {columnProblem}; OpenMetadata column names must be 1–{MaxColumnNameLength} characters without '::'";
            }

            if (!seen.Add(column.Name))
            {
                return $"column name '{column.Name}' is repeated; OpenMetadata requires unique column names";
            }
        }

        return null;
    }

    /// <summary>OpenMetadata's <c>entityName</c> rule: 1 to <paramref name="maxLength"/> characters, no <c>::</c>.</summary>
    public static string? EntityNameProblem(string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "is empty";
        }

        if (name.Length > maxLength)
        {
            return $"is {name.Length} characters long (at most {maxLength} allowed)";
        }

        return name.Contains("::", StringComparison.Ordinal) ? "contains '::'" : null;
    }

    /// <summary>The FQNs of the tables this table's foreign keys refer to.</summary>
    public static IReadOnlyList<string> ReferredTables(TableMetadata table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return [.. table.TableConstraints
            .Where(c => c.ConstraintType == ConstraintType.ForeignKey && c.ReferredColumns is { Count: > 0 })
            .SelectMany(c => c.ReferredColumns!)
            .Select(ParentOf)
            .Where(fqn => fqn.Length > 0)
            .Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The request for <paramref name="table"/>. Foreign keys whose referred table <paramref name="tableExists"/> does
    /// not know are left out and their tables listed in <paramref name="missingTables"/>.
    /// </summary>
    public static CreateTableRequest Build(
        TableMetadata table,
        bool partitionColumnDetails,
        Func<string, bool> tableExists,
        out IReadOnlyList<string> missingTables)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(tableExists);
        var columnNames = new HashSet<string>(table.Columns.Select(c => c.Name), StringComparer.Ordinal);
        var constraints = new List<TableConstraintRequest>();
        var missing = new List<string>();
        foreach (var constraint in table.TableConstraints)
        {
            if (constraint.Columns.Count == 0 || !constraint.Columns.All(columnNames.Contains))
            {
                continue;
            }

            if (constraint.ConstraintType == ConstraintType.ForeignKey && constraint.ReferredColumns is { Count: > 0 } referred)
            {
                var absent = referred.Select(ParentOf).Where(t => !tableExists(t)).Distinct(StringComparer.Ordinal).ToList();
                if (absent.Count > 0)
                {
                    missing.AddRange(absent.Where(t => !missing.Contains(t, StringComparer.Ordinal)));
                    continue;
                }
            }

            var built = new TableConstraintRequest
            {
                ConstraintType = constraint.ConstraintType,
                Columns = constraint.Columns,
                ReferredColumns = constraint.ReferredColumns is { Count: > 0 } ? constraint.ReferredColumns : null,
            };
            if (!constraints.Any(c => SameConstraint(c, built)))
            {
                constraints.Add(built);
            }
        }

        var primaryKeyColumns = table.Columns.Where(c => c.Constraint == ColumnConstraint.PrimaryKey).Select(c => c.Name).ToList();
        var tableHasPrimaryKey = constraints.Any(c => c.ConstraintType == ConstraintType.PrimaryKey);
        var primaryKeyOnTable = tableHasPrimaryKey || primaryKeyColumns.Count > 1;
        if (!tableHasPrimaryKey && primaryKeyColumns.Count > 1)
        {
            constraints.Insert(0, new TableConstraintRequest { ConstraintType = ConstraintType.PrimaryKey, Columns = primaryKeyColumns });
        }

        var request = new CreateTableRequest
        {
            Name = table.Name,
            Description = table.Description,
            TableType = table.TableType,
            Columns = [.. table.Columns.Select(c => BuildColumn(c, primaryKeyOnTable))],
            TableConstraints = constraints.Count == 0 ? null : constraints,
            TablePartition = BuildPartition(table.TablePartition, columnNames, partitionColumnDetails),
            SchemaDefinition = table.TableType is TableType.Regular or TableType.External || string.IsNullOrEmpty(table.SchemaDefinition)
                ? null
                : table.SchemaDefinition,
            DatabaseSchema = table.Schema.FullyQualifiedName,
        };
        missingTables = missing;
        return request with { SourceHash = TableHash.Compute(table) };
    }

    private static ColumnRequest BuildColumn(Column column, bool primaryKeyOnTable)
    {
        var dataLength = column.DataType is DataType.CHAR or DataType.VARCHAR or DataType.BINARY or DataType.VARBINARY
            ? column.DataLength ?? 1
            : column.DataLength;
        var scale = column.Scale is { } s && column.Precision is { } p && s <= p ? column.Scale : null;
        return new ColumnRequest
        {
            Name = column.Name,
            DataType = column.DataType,
            ArrayDataType = column.DataType == DataType.ARRAY ? column.ArrayDataType ?? DataType.UNKNOWN : null,
            DataLength = dataLength,
            Precision = column.Precision,
            Scale = scale,
            DataTypeDisplay = column.DataTypeDisplay,
            Description = column.Description,
            Constraint = primaryKeyOnTable && column.Constraint == ColumnConstraint.PrimaryKey ? ColumnConstraint.NotNull : column.Constraint,
            OrdinalPosition = column.OrdinalPosition,
            Children = column.DataType == DataType.STRUCT ? [] : null,
        };
    }

    private static object? BuildPartition(TablePartition? partition, HashSet<string> columnNames, bool partitionColumnDetails)
    {
        if (partition is null)
        {
            return null;
        }

        var columns = partition.Columns
            .Where(c => columnNames.Contains(c) || PartitionPseudoColumns.Contains(c, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (columns.Count == 0)
        {
            return null;
        }

        return partitionColumnDetails
            ? new TablePartitionRequest([.. columns.Select(c => new PartitionColumnRequest { ColumnName = c, IntervalType = partition.IntervalType, Interval = partition.Interval })])
            : new LegacyTablePartitionRequest { Columns = columns, IntervalType = partition.IntervalType, Interval = partition.Interval };
    }

    private static bool SameConstraint(TableConstraintRequest a, TableConstraintRequest b) =>
        a.ConstraintType == b.ConstraintType
        && a.Columns.SequenceEqual(b.Columns, StringComparer.Ordinal)
        && (a.ReferredColumns ?? []).SequenceEqual(b.ReferredColumns ?? [], StringComparer.Ordinal);

    private static string ParentOf(string columnFqn)
    {
        var parts = Fqn.Split(columnFqn);
        return parts.Count < 2 ? string.Empty : Fqn.Join([.. parts.Take(parts.Count - 1)]);
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";
}
