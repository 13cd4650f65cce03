using System.Globalization;
using DurableIngest.Entities;

namespace DurableIngest.Sources.MySql;

/// <summary>Builds OpenMetadata-shaped <see cref="TableMetadata"/> from one chunk's <see cref="MySqlChunkMetadata"/>.</summary>
internal sealed class MySqlTableAssembler
{
    public const string NotFoundError = "NotFound";

    /// <summary>The error type of a table or view the server lists but cannot describe (its reason is the message).</summary>
    public const string UnreadableError = "Unreadable";

    private const string PrimaryKeyName = "PRIMARY";

    private static readonly HashSet<string> TimeTypes = new(StringComparer.OrdinalIgnoreCase) { "date", "datetime", "timestamp", "time", "year" };

    private static readonly HashSet<string> IntegerTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "bit",
    };

    private readonly string _serviceName;

    public MySqlTableAssembler(string serviceName) => _serviceName = serviceName;

    public EntityReadResult Assemble(DiscoveredEntity entity, MySqlChunkMetadata catalog)
    {
        var key = (entity.Schema, entity.Name);
        if (!catalog.Tables.TryGetValue(key, out var table))
        {
            return EntityReadResult.Failed(entity, $"{entity.DisplayName} was not found: it was dropped or renamed after discovery, or the user lost its privileges on it", NotFoundError);
        }

        var isView = table.TableType.Contains("VIEW", StringComparison.OrdinalIgnoreCase);
        if (isView && catalog.ViewProblems.TryGetValue(key, out var problem))
        {
            return EntityReadResult.Failed(entity, $"{entity.DisplayName} cannot be described by the server: {problem}", UnreadableError);
        }

        if (!isView && table.Engine is null)
        {
            return EntityReadResult.Failed(entity, $"{entity.DisplayName} cannot be opened by the server: {(string.IsNullOrEmpty(table.Comment) ? "no storage engine reported" : table.Comment)}", UnreadableError);
        }

        var schema = new SchemaRef(_serviceName, entity.Database, table.Schema);
        var columnRows = catalog.Columns.GetValueOrDefault(key) ?? [];
        var keys = Keys(catalog.Keys.GetValueOrDefault(key) ?? []);
        var checks = catalog.Checks.GetValueOrDefault(key) ?? [];
        var partitions = catalog.Partitions.GetValueOrDefault(key) ?? [];
        var view = catalog.Views.GetValueOrDefault(key);
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Set(properties, "engine", table.Engine);
        Set(properties, "collation", table.Collation);
        AddColumnProperties(properties, columnRows, table.Collation);
        AddPartitionProperties(properties, partitions);
        if (view is not null)
        {
            Set(properties, "checkOption", view.CheckOption is "NONE" ? null : view.CheckOption);
            Set(properties, "securityType", view.SecurityType);
        }

        var placement = new KeyPlacement(TableKeys(schema, keys));
        return EntityReadResult.Success(entity, new TableMetadata
        {
            Schema = schema,
            Name = table.Name,
            TableType = isView ? TableType.View : partitions.Count > 0 ? TableType.Partitioned : TableType.Regular,
            Columns = Columns(columnRows, placement, checks),
            Description = isView || string.IsNullOrEmpty(table.Comment) ? null : table.Comment,
            TableConstraints = placement.TableConstraints,
            TablePartition = Partition(partitions, columnRows, keys),
            SchemaDefinition = string.IsNullOrEmpty(view?.Definition) ? null : view.Definition,
            SourceDetails = new SourceDetails
            {
                Indexes = MySqlIndexDefinitions.From(catalog.Indexes.GetValueOrDefault(key) ?? []),
                CheckConstraints = [.. checks.Select(c => new CheckConstraint(c.Name, c.Clause))],
                Properties = properties,
            },
        });
    }

    /// <summary>The key columns grouped into keys, in the order the statement returned them (by name, then position).</summary>
    private static List<(string Name, List<MySqlKeyColumnRow> Columns)> Keys(List<MySqlKeyColumnRow> rows)
    {
        var keys = new List<(string Name, List<MySqlKeyColumnRow> Columns)>();
        foreach (var row in rows)
        {
            if (keys.Count == 0 || keys[^1].Name != row.ConstraintName || keys[^1].Columns[0].IsForeignKey != row.IsForeignKey)
            {
                keys.Add((row.ConstraintName, []));
            }

            keys[^1].Columns.Add(row);
        }

        return keys;
    }

    private static List<Column> Columns(List<MySqlColumnRow> rows, KeyPlacement keys, List<MySqlCheckRow> checks)
    {
        var columns = new List<Column>(rows.Count);
        foreach (var row in rows)
        {
            var type = MySqlTypeMapper.Map(row.DataType, row.CharacterLength, row.Precision, row.Scale, IsMariaDbJson(row, checks));
            columns.Add(type.ToColumn(
                row.Name, row.ColumnType, string.IsNullOrEmpty(row.Comment) ? null : row.Comment, keys.ColumnConstraint(row.Name, row.Nullable), row.Ordinal));
        }

        return columns;
    }

    // MariaDB's JSON is longtext plus a column check `json_valid(`name`)` named after the column.
    private static bool IsMariaDbJson(MySqlColumnRow row, List<MySqlCheckRow> checks) =>
        row.DataType.Equals("longtext", StringComparison.OrdinalIgnoreCase)
        && checks.Exists(c => c.ColumnLevel && c.Name == row.Name && c.Clause == $"json_valid({MySqlIndexDefinitions.Quote(row.Name)})");

    private IEnumerable<TableKey> TableKeys(SchemaRef schema, List<(string Name, List<MySqlKeyColumnRow> Columns)> keys) =>
        keys.Select(k => k.Columns[0].IsForeignKey
            ? new TableKey(
                ConstraintType.ForeignKey,
                [.. k.Columns.Select(c => c.Column)],
                [.. k.Columns.Select(c => Fqn.Join(_serviceName, schema.Database, c.ReferencedSchema ?? schema.Schema, c.ReferencedTable!, c.ReferencedColumn ?? string.Empty))])
            : new TableKey(k.Name == PrimaryKeyName ? ConstraintType.PrimaryKey : ConstraintType.Unique, [.. k.Columns.Select(c => c.Column)]));

    private static TablePartition? Partition(List<MySqlPartitionRow> partitions, List<MySqlColumnRow> columns, List<(string Name, List<MySqlKeyColumnRow> Columns)> keys)
    {
        if (partitions.Count == 0)
        {
            return null;
        }

        var method = partitions[0].Method.ToUpperInvariant();
        var names = PartitionColumns(partitions[0].Expression, columns);
        if (names.Count == 0 && method.EndsWith("KEY", StringComparison.Ordinal))
        {
            // PARTITION BY KEY () partitions by the primary key.
            names = keys.Where(k => k.Name == PrimaryKeyName && !k.Columns[0].IsForeignKey).SelectMany(k => k.Columns.Select(c => c.Column)).ToList();
        }

        var first = names.Count > 0 ? columns.Find(c => c.Name == names[0]) : null;
        var interval = method switch
        {
            "RANGE" or "RANGE COLUMNS" when first is not null && TimeTypes.Contains(first.DataType) => PartitionIntervalType.TimeUnit,
            "RANGE" or "RANGE COLUMNS" when first is not null && IntegerTypes.Contains(first.DataType) => PartitionIntervalType.IntegerRange,
            "LIST" or "LIST COLUMNS" or "HASH" or "LINEAR HASH" or "KEY" or "LINEAR KEY" => PartitionIntervalType.ColumnValue,
            _ => PartitionIntervalType.Other,
        };
        return new TablePartition { Columns = names, IntervalType = interval };
    }

    /// <summary>The table's columns named in a partition expression (<c>`a`,`b`</c> or <c>year(`at`)</c>), in order of appearance.</summary>
    internal static List<string> PartitionColumns(string? expression, List<MySqlColumnRow> columns)
    {
        var names = new List<string>();
        if (string.IsNullOrWhiteSpace(expression))
        {
            return names;
        }

        var byName = columns.Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < expression.Length; i++)
        {
            string? candidate = null;
            if (expression[i] == '`')
            {
                var end = i + 1;
                var name = new System.Text.StringBuilder();
                while (end < expression.Length && !(expression[end] == '`' && (end + 1 >= expression.Length || expression[end + 1] != '`')))
                {
                    name.Append(expression[end]);
                    end += expression[end] == '`' ? 2 : 1;
                }

                candidate = name.ToString();
                i = end;
            }
            else if (char.IsLetter(expression[i]) || expression[i] == '_')
            {
                var end = i;
                while (end < expression.Length && (char.IsLetterOrDigit(expression[end]) || expression[end] is '_' or '$'))
                {
                    end++;
                }

                candidate = end < expression.Length && expression[end] == '(' ? null : expression[i..end];
                i = end - 1;
            }

            if (candidate is not null && byName.Contains(candidate))
            {
                var actual = columns.First(c => string.Equals(c.Name, candidate, StringComparison.OrdinalIgnoreCase)).Name;
                if (!names.Contains(actual))
                {
                    names.Add(actual);
                }
            }
        }

        return names;
    }

    private static void AddPartitionProperties(SortedDictionary<string, string> properties, List<MySqlPartitionRow> partitions)
    {
        if (partitions.Count == 0)
        {
            return;
        }

        var first = partitions[0];
        Set(properties, "partitionKey", $"{first.Method} ({first.Expression})");
        Set(properties, "partitionCount", partitions.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture));
        if (first.SubpartitionMethod is not null)
        {
            Set(properties, "subpartitionKey", $"{first.SubpartitionMethod} ({first.SubpartitionExpression})");
            Set(properties, "subpartitionCount", partitions.Count.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void AddColumnProperties(SortedDictionary<string, string> properties, List<MySqlColumnRow> columns, string? tableCollation)
    {
        foreach (var column in columns)
        {
            var extra = column.Extra ?? string.Empty;
            if (!string.IsNullOrEmpty(column.GenerationExpression) || extra.Contains("GENERATED", StringComparison.OrdinalIgnoreCase))
            {
                var kind = extra.Contains("STORED", StringComparison.OrdinalIgnoreCase) || extra.Contains("PERSISTENT", StringComparison.OrdinalIgnoreCase) ? "STORED" : "VIRTUAL";
                Set(properties, $"column.{column.Name}.generated", $"{kind} AS ({column.GenerationExpression})");
            }

            if (column.Collation is not null && !string.Equals(column.Collation, tableCollation, StringComparison.Ordinal))
            {
                Set(properties, $"column.{column.Name}.characterSet", column.CharacterSet);
                Set(properties, $"column.{column.Name}.collation", column.Collation);
            }

            if (extra.Contains("auto_increment", StringComparison.OrdinalIgnoreCase))
            {
                Set(properties, $"column.{column.Name}.autoIncrement", "true");
            }
        }
    }

    private static void Set(SortedDictionary<string, string> properties, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            properties[key] = value;
        }
    }
}
