using DurableIngest.Configuration;
using DurableIngest.Entities;

namespace DurableIngest.Sources.Snowflake;

/// <summary>
/// Builds OpenMetadata-shaped <see cref="TableMetadata"/> from a chunk's INFORMATION_SCHEMA rows and its schema's keys.
/// Kinds: VIEW (SecureView when IS_SECURE), MATERIALIZED VIEW, EXTERNAL TABLE, Iceberg (IS_ICEBERG) map to their
/// <see cref="TableType"/>; transient, dynamic and event tables are Regular with <c>snowflakeTableKind</c> in
/// <c>sourceDetails.properties</c>. A clustering key of plain columns becomes a COLUMN-VALUE <c>tablePartition</c>
/// (as OpenMetadata's Snowflake connector reports it); its text is kept as <c>clusteringKey</c> either way.
/// </summary>
internal sealed class SnowflakeTableAssembler
{
    private readonly string _serviceName;
    private readonly DatabaseMetadataOptions _metadata;

    public SnowflakeTableAssembler(string serviceName, DatabaseMetadataOptions metadata)
    {
        _serviceName = serviceName;
        _metadata = metadata;
    }

    /// <summary>The entity's metadata, or null when Snowflake no longer lists it under that name.</summary>
    public TableMetadata? Assemble(DiscoveredEntity entity, SnowflakeChunkMetadata chunk, SchemaKeys keys)
    {
        var name = (entity.Schema, entity.Name);
        if (!chunk.Tables.TryGetValue(name, out var table))
        {
            return null;
        }

        var view = chunk.Views.GetValueOrDefault(name);
        var constraints = keys.For(entity.Name);
        var schema = new SchemaRef(_serviceName, entity.Database, entity.Schema);
        var properties = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (KindOf(table) is { } kind)
        {
            properties["snowflakeTableKind"] = kind;
        }

        if (!string.IsNullOrWhiteSpace(table.ClusteringKey))
        {
            properties["clusteringKey"] = table.ClusteringKey;
        }

        var placement = new KeyPlacement(Keys(entity.Database, constraints));
        return new TableMetadata
        {
            Schema = schema,
            Name = entity.Name,
            TableType = TableTypeOf(table, view),
            Columns = Columns(chunk.Columns.GetValueOrDefault(name) ?? [], placement),
            Description = string.IsNullOrEmpty(table.Comment) ? null : table.Comment,
            TableConstraints = placement.TableConstraints,
            TablePartition = Clustering(table.ClusteringKey),
            SchemaDefinition = view?.Definition,
            SourceDetails = new SourceDetails
            {
                Owners = _metadata.IncludeOwners && !string.IsNullOrEmpty(table.Owner) ? [table.Owner] : [],
                Properties = properties,
            },
        };
    }

    /// <summary>The discovery kind of an INFORMATION_SCHEMA.TABLES row; null for temporary tables (session-scoped, never ingested).</summary>
    public static TableType? DiscoveryKind(string? tableType, bool isIceberg) => tableType?.ToUpperInvariant() switch
    {
        "VIEW" => TableType.View,
        "MATERIALIZED VIEW" => TableType.MaterializedView,
        "EXTERNAL TABLE" => TableType.External,
        "TEMPORARY TABLE" or "LOCAL TEMPORARY" => null,
        _ when isIceberg => TableType.Iceberg,
        _ => TableType.Regular,
    };

    private static TableType TableTypeOf(TableRow table, ViewRow? view)
    {
        var kind = DiscoveryKind(table.TableType, table.IsIceberg) ?? TableType.Regular;
        return kind == TableType.View && view?.IsSecure == true ? TableType.SecureView : kind;
    }

    private static string? KindOf(TableRow table) =>
        table.IsDynamic ? "DYNAMIC"
        : table.IsTransient ? "TRANSIENT"
        : string.Equals(table.TableType, "EVENT TABLE", StringComparison.OrdinalIgnoreCase) ? "EVENT"
        : null;

    private static List<Column> Columns(List<ColumnRow> rows, KeyPlacement keys)
    {
        return [.. rows.OrderBy(r => r.Ordinal).Select(row =>
        {
            var type = SnowflakeTypeMapper.Map(row.DataType, row.Length, row.Precision, row.Scale);
            return type.ToColumn(
                row.Name, type.Display, string.IsNullOrEmpty(row.Comment) ? null : row.Comment, keys.ColumnConstraint(row.Name, row.Nullable), row.Ordinal);
        })];
    }

    private IEnumerable<TableKey> Keys(string database, IReadOnlyList<KeyConstraint> constraints)
    {
        foreach (var key in constraints)
        {
            switch (key.Type)
            {
                case 'p':
                    yield return new TableKey(ConstraintType.PrimaryKey, key.Columns);
                    break;
                case 'u':
                    yield return new TableKey(ConstraintType.Unique, key.Columns);
                    break;
                case 'f':
                    yield return new TableKey(ConstraintType.ForeignKey, key.Columns, [.. (key.ReferencedColumns ?? []).Select(c =>
                        Fqn.Join(_serviceName, key.ReferencedDatabase ?? database, key.ReferencedSchema ?? string.Empty, key.ReferencedTable ?? string.Empty, c))]);
                    break;
            }
        }
    }

    // LINEAR(a, b) or (a, b): plain column names only; an expression key keeps only its text in clusteringKey.
    private static TablePartition? Clustering(string? clusteringKey)
    {
        if (string.IsNullOrWhiteSpace(clusteringKey))
        {
            return null;
        }

        var text = clusteringKey.Trim();
        if (text.StartsWith("LINEAR", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..].Trim();
        }

        if (!text.StartsWith('(') || !text.EndsWith(')'))
        {
            return null;
        }

        var columns = new List<string>();
        foreach (var part in text[1..^1].Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.Length > 1 && part[0] == '"' && part[^1] == '"' && !part[1..^1].Contains('"', StringComparison.Ordinal))
            {
                columns.Add(part[1..^1]);
            }
            else if (part.Length > 0 && (char.IsAsciiLetter(part[0]) || part[0] == '_') && part.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '$'))
            {
                columns.Add(part.ToUpperInvariant());
            }
            else
            {
                return null;
            }
        }

        return columns.Count == 0 ? null : new TablePartition { Columns = columns, IntervalType = PartitionIntervalType.ColumnValue };
    }
}
