using System.Text.Json;
using DurableIngest.Entities;

namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>
/// OpenMetadata's Create* request schemas (openmetadata-spec: api/services/createDatabaseService.json,
/// api/data/createDatabase.json, createDatabaseSchema.json, createTable.json and entity/data/table.json) and the
/// server's own table rules (DatabaseUtil, TableRepository), as the stand-in enforces them.
/// </summary>
internal static class OpenMetadataContract
{
    public static readonly Version FirstPartitionDetailsVersion = new(1, 4, 0);

    private static readonly JsonSpec EntityName = new StringSpec(1, 256, NoDoubleColon: true);
    private static readonly JsonSpec ColumnName = new StringSpec(1, 128, NoDoubleColon: true);
    private static readonly JsonSpec FullyQualifiedName = new StringSpec(1, 3072);

    private static readonly string[] DataTypes = [.. Enum.GetNames<DataType>()];

    public static readonly JsonSpec DataType = new EnumSpec("org.openmetadata.schema.type.ColumnDataType", DataTypes);

    public static readonly JsonSpec TableType = new EnumSpec(
        "org.openmetadata.schema.type.TableType",
        ["Regular", "External", "View", "SecureView", "MaterializedView", "Iceberg", "Local", "Partitioned", "Foreign"]);

    public static readonly JsonSpec ColumnConstraint = new EnumSpec(
        "org.openmetadata.schema.type.ColumnConstraint", ["NULL", "NOT_NULL", "UNIQUE", "PRIMARY_KEY"]);

    public static readonly JsonSpec ConstraintType = new EnumSpec(
        "org.openmetadata.schema.type.TableConstraint$ConstraintType", ["UNIQUE", "PRIMARY_KEY", "FOREIGN_KEY", "SORT_KEY", "DIST_KEY"]);

    public static readonly JsonSpec Column = new ObjectSpec(
        "org.openmetadata.schema.type.Column",
        new Dictionary<string, JsonSpec>
        {
            ["name"] = ColumnName,
            ["displayName"] = JsonSpec.Text,
            ["dataType"] = DataType,
            ["arrayDataType"] = DataType,
            ["dataLength"] = JsonSpec.Integer,
            ["precision"] = JsonSpec.Integer,
            ["scale"] = JsonSpec.Integer,
            ["dataTypeDisplay"] = JsonSpec.Text,
            ["description"] = JsonSpec.Text,
            ["fullyQualifiedName"] = FullyQualifiedName,
            ["tags"] = JsonSpec.Any,
            ["constraint"] = ColumnConstraint,
            ["ordinalPosition"] = JsonSpec.Integer,
            ["jsonSchema"] = JsonSpec.Text,
            ["children"] = new ArraySpec(() => Column!),
            ["customMetrics"] = JsonSpec.Any,
            ["profile"] = JsonSpec.Any,
        },
        ["name", "dataType"]);

    public static readonly JsonSpec TableConstraint = new ObjectSpec(
        "org.openmetadata.schema.type.TableConstraint",
        new Dictionary<string, JsonSpec>
        {
            ["constraintType"] = ConstraintType,
            ["columns"] = new ArraySpec(() => JsonSpec.Text),
            ["referredColumns"] = new ArraySpec(() => FullyQualifiedName),
        },
        []);

    /// <summary><c>tablePartition</c> before 1.4: column names and one interval type.</summary>
    public static readonly JsonSpec LegacyTablePartition = new ObjectSpec(
        "org.openmetadata.schema.type.TablePartition",
        new Dictionary<string, JsonSpec>
        {
            ["columns"] = new ArraySpec(() => JsonSpec.Text),
            ["intervalType"] = new EnumSpec(
                "org.openmetadata.schema.type.TablePartition$IntervalType", ["TIME-UNIT", "INTEGER-RANGE", "INGESTION-TIME", "COLUMN-VALUE", "OTHER"]),
            ["interval"] = JsonSpec.Text,
        },
        []);

    /// <summary><c>tablePartition</c> from 1.4: one <c>partitionColumnDetails</c> per column.</summary>
    public static readonly JsonSpec TablePartition = new ObjectSpec(
        "org.openmetadata.schema.type.TablePartition",
        new Dictionary<string, JsonSpec>
        {
            ["columns"] = new ArraySpec(() => new ObjectSpec(
                "org.openmetadata.schema.type.PartitionColumnDetails",
                new Dictionary<string, JsonSpec>
                {
                    ["columnName"] = JsonSpec.Text,
                    ["intervalType"] = new EnumSpec(
                        "org.openmetadata.schema.type.PartitionIntervalTypes",
                        ["TIME-UNIT", "INTEGER-RANGE", "INGESTION-TIME", "COLUMN-VALUE", "INJECTED", "ENUM", "OTHER"]),
                    ["interval"] = JsonSpec.Text,
                },
                [])),
        },
        []);

    public static readonly JsonSpec CreateDatabaseService = new ObjectSpec(
        "org.openmetadata.schema.api.services.CreateDatabaseService",
        new Dictionary<string, JsonSpec>
        {
            ["name"] = EntityName,
            ["displayName"] = JsonSpec.Text,
            ["description"] = JsonSpec.Text,
            ["tags"] = JsonSpec.Any,
            ["serviceType"] = new StringSpec(1),
            ["connection"] = new ObjectSpec(
                "org.openmetadata.schema.type.DatabaseConnection",
                new Dictionary<string, JsonSpec> { ["config"] = JsonSpec.Any },
                ["config"]),
            ["owner"] = JsonSpec.Any,
            ["owners"] = JsonSpec.Any,
            ["domain"] = JsonSpec.Any,
            ["dataProducts"] = JsonSpec.Any,
        },
        ["name", "serviceType", "connection"]);

    public static readonly JsonSpec CreateDatabase = new ObjectSpec(
        "org.openmetadata.schema.api.data.CreateDatabase",
        new Dictionary<string, JsonSpec>
        {
            ["name"] = EntityName,
            ["displayName"] = JsonSpec.Text,
            ["description"] = JsonSpec.Text,
            ["tags"] = JsonSpec.Any,
            ["owner"] = JsonSpec.Any,
            ["owners"] = JsonSpec.Any,
            ["service"] = FullyQualifiedName,
            ["default"] = JsonSpec.Boolean,
            ["retentionPeriod"] = JsonSpec.Text,
            ["extension"] = JsonSpec.Any,
            ["sourceUrl"] = JsonSpec.Text,
            ["domain"] = JsonSpec.Any,
            ["dataProducts"] = JsonSpec.Any,
            ["lifeCycle"] = JsonSpec.Any,
            ["sourceHash"] = new StringSpec(1, 32),
        },
        ["name", "service"]);

    public static readonly JsonSpec CreateDatabaseSchema = new ObjectSpec(
        "org.openmetadata.schema.api.data.CreateDatabaseSchema",
        new Dictionary<string, JsonSpec>
        {
            ["name"] = EntityName,
            ["displayName"] = JsonSpec.Text,
            ["description"] = JsonSpec.Text,
            ["owner"] = JsonSpec.Any,
            ["owners"] = JsonSpec.Any,
            ["database"] = FullyQualifiedName,
            ["tags"] = JsonSpec.Any,
            ["retentionPeriod"] = JsonSpec.Text,
            ["extension"] = JsonSpec.Any,
            ["sourceUrl"] = JsonSpec.Text,
            ["domain"] = JsonSpec.Any,
            ["dataProducts"] = JsonSpec.Any,
            ["lifeCycle"] = JsonSpec.Any,
            ["sourceHash"] = new StringSpec(1, 32),
        },
        ["name", "database"]);

    public static JsonSpec CreateTable(Version serverVersion) => new ObjectSpec(
        "org.openmetadata.schema.api.data.CreateTable",
        new Dictionary<string, JsonSpec>
        {
            ["name"] = EntityName,
            ["displayName"] = JsonSpec.Text,
            ["description"] = JsonSpec.Text,
            ["tableType"] = TableType,
            ["columns"] = new ArraySpec(() => Column),
            ["dataModel"] = JsonSpec.Any,
            ["locationPath"] = JsonSpec.Text,
            ["tableConstraints"] = new ArraySpec(() => TableConstraint),
            ["tablePartition"] = serverVersion >= FirstPartitionDetailsVersion ? TablePartition : LegacyTablePartition,
            ["tableProfilerConfig"] = JsonSpec.Any,
            ["owners"] = JsonSpec.Any,
            ["databaseSchema"] = FullyQualifiedName,
            ["tags"] = JsonSpec.Any,
            ["schemaDefinition"] = JsonSpec.Text,
            ["retentionPeriod"] = JsonSpec.Text,
            ["extension"] = JsonSpec.Any,
            ["sourceUrl"] = JsonSpec.Text,
            ["domain"] = JsonSpec.Any,
            ["dataProducts"] = JsonSpec.Any,
            ["fileFormat"] = JsonSpec.Any,
            ["lifeCycle"] = JsonSpec.Any,
            ["sourceHash"] = new StringSpec(1, 32),
        },
        ["name", "columns", "databaseSchema"]);

    /// <summary>
    /// The server's checks of a schema-valid CreateTable (DatabaseUtil.validateColumns, validateConstraints,
    /// validateTablePartition, validateViewDefinition; TableRepository.validateTableConstraints).
    /// <paramref name="findTableColumns"/> answers the column names of an existing table, or null.
    /// </summary>
    public static string? CheckTableRules(JsonElement table, Func<string, IReadOnlyCollection<string>?> findTableColumns)
    {
        var columns = table.GetProperty("columns").EnumerateArray().ToList();
        if (CheckColumns(columns) is { } columnProblem)
        {
            return columnProblem;
        }

        var names = columns.Select(c => c.GetProperty("name").GetString()!).ToList();
        var primaryColumns = columns.Count(c => Text(c, "constraint") == "PRIMARY_KEY");
        if (primaryColumns > 1)
        {
            return "Multiple columns tagged with primary key constraints";
        }

        var seenConstraints = new HashSet<string>(StringComparer.Ordinal);
        if (table.TryGetProperty("tableConstraints", out var constraints) && constraints.ValueKind == JsonValueKind.Array)
        {
            foreach (var constraint in constraints.EnumerateArray())
            {
                if (!seenConstraints.Add(constraint.GetRawText()))
                {
                    return "Duplicate constraint found in request: " + constraint.GetRawText();
                }

                if (Text(constraint, "constraintType") == "PRIMARY_KEY" && primaryColumns == 1)
                {
                    return "A column already tagged as a primary key and table constraint also includes primary key";
                }

                foreach (var column in Strings(constraint, "columns"))
                {
                    if (!names.Contains(column, StringComparer.Ordinal))
                    {
                        return "Invalid column name found in table constraint";
                    }
                }

                foreach (var referred in Strings(constraint, "referredColumns"))
                {
                    var parts = Fqn.Split(referred);
                    var referredTable = Fqn.Join([.. parts.Take(parts.Count - 1)]);
                    var referredColumns = parts.Count < 2 ? null : findTableColumns(referredTable);
                    if (referredColumns is null)
                    {
                        return "Table not found: " + referredTable;
                    }

                    if (!referredColumns.Contains(parts[^1], StringComparer.Ordinal))
                    {
                        return $"Invalid column name {parts[^1]} for table {referredTable}";
                    }
                }
            }
        }

        if (table.TryGetProperty("tablePartition", out var partition) && partition.ValueKind == JsonValueKind.Object
            && partition.TryGetProperty("columns", out var partitionColumns) && partitionColumns.ValueKind == JsonValueKind.Array)
        {
            foreach (var column in partitionColumns.EnumerateArray())
            {
                var name = column.ValueKind == JsonValueKind.String ? column.GetString() : Text(column, "columnName");
                if (name is null || !(names.Contains(name, StringComparer.Ordinal) || name is "_PARTITIONDATE" or "_PARTITIONTIME"))
                {
                    return "Invalid column name found in table partition";
                }
            }
        }

        var tableType = Text(table, "tableType");
        if (tableType is null or "Regular" or "External" && !string.IsNullOrEmpty(Text(table, "schemaDefinition")))
        {
            return "ViewDefinition can only be set on TableType View, SecureView or MaterializedView";
        }

        return null;
    }

    private static string? CheckColumns(List<JsonElement> columns)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var name = column.GetProperty("name").GetString()!;
            if (!names.Add(name))
            {
                return $"Column name {name} is repeated";
            }

            var dataType = Text(column, "dataType");
            if (dataType is "CHAR" or "VARCHAR" or "BINARY" or "VARBINARY" && !column.TryGetProperty("dataLength", out _))
            {
                return "For column data types char, varchar, binary, varbinary dataLength must not be null";
            }

            if (dataType == "ARRAY" && Text(column, "arrayDataType") is null)
            {
                return "For column data type array, arrayDataType must not be null";
            }

            if (dataType == "STRUCT")
            {
                if (!column.TryGetProperty("children", out var children) || children.ValueKind != JsonValueKind.Array)
                {
                    return "For column data type struct, children must not be null";
                }

                if (CheckColumns([.. children.EnumerateArray()]) is { } childProblem)
                {
                    return childProblem;
                }
            }

            var hasScale = column.TryGetProperty("scale", out var scale) && scale.ValueKind == JsonValueKind.Number;
            var hasPrecision = column.TryGetProperty("precision", out var precision) && precision.ValueKind == JsonValueKind.Number;
            if (hasScale && !hasPrecision)
            {
                return "Scale is set but precision is not set for the column " + name;
            }

            if (hasScale && scale.GetInt64() > precision.GetInt64())
            {
                return "Scale can't be greater than the precision for the column " + name;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static IEnumerable<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)
            : [];
}
