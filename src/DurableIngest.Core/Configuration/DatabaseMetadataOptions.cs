namespace DurableIngest.Configuration;

/// <summary><c>source.sourceConfig.config</c> of type DatabaseMetadata: what to ingest.</summary>
public sealed record DatabaseMetadataOptions
{
    /// <summary>Soft-delete tables gone from an ingested schema. Default true, as in OpenMetadata.</summary>
    public bool MarkDeletedTables { get; init; } = true;

    /// <summary>Fail-safe: when more than this percentage of a service's known tables would be deleted, none are. Default 20.</summary>
    public double MarkDeletedTablesMaxPercent { get; init; } = 20;

    public bool IncludeTables { get; init; } = true;

    public bool IncludeViews { get; init; } = true;

    public bool IncludeOwners { get; init; }

    /// <summary>Ingest partitions as tables too (they are always folded into their parent). Default false.</summary>
    public bool IncludePartitions { get; init; }

    public FilterPattern DatabaseFilter { get; init; } = FilterPattern.All;

    public FilterPattern SchemaFilter { get; init; } = FilterPattern.All;

    public FilterPattern TableFilter { get; init; } = FilterPattern.All;

    /// <summary>
    /// Why a table or view named <paramref name="name"/> is left out (<c>includeTables</c>, <c>includeViews</c>,
    /// <c>tableFilterPattern</c>), or null when it is ingested; the same rule and words for every source.
    /// </summary>
    public string? ExclusionReason(bool isView, string name) =>
        isView && !IncludeViews ? "includeViews is false"
        : !isView && !IncludeTables ? "includeTables is false"
        : !TableFilter.Keeps(name) ? "excluded by tableFilterPattern"
        : null;

    internal static DatabaseMetadataOptions Read(ConfigSection sourceConfig, ConfigSection connection)
    {
        _ = sourceConfig.GetChoice("type", ["DatabaseMetadata"], invalid: type => $"must be 'DatabaseMetadata', not '{type}' (only metadata ingestion is supported)");

        var defaults = new DatabaseMetadataOptions();
        return new DatabaseMetadataOptions
        {
            MarkDeletedTables = sourceConfig.GetBool("markDeletedTables") ?? defaults.MarkDeletedTables,
            MarkDeletedTablesMaxPercent = sourceConfig.GetDouble("markDeletedTablesMaxPercent", min: 0, max: 100) ?? defaults.MarkDeletedTablesMaxPercent,
            IncludeTables = sourceConfig.GetBool("includeTables") ?? defaults.IncludeTables,
            IncludeViews = sourceConfig.GetBool("includeViews") ?? defaults.IncludeViews,
            IncludeOwners = sourceConfig.GetBool("includeOwners") ?? defaults.IncludeOwners,
            IncludePartitions = sourceConfig.GetBool("includePartitions") ?? connection.GetBool("includePartitions") ?? defaults.IncludePartitions,
            DatabaseFilter = ReadFilter(sourceConfig, connection, "databaseFilterPattern"),
            SchemaFilter = ReadFilter(sourceConfig, connection, "schemaFilterPattern"),
            TableFilter = ReadFilter(sourceConfig, connection, "tableFilterPattern"),
        };
    }

    // Real OpenMetadata examples sometimes put filter patterns under serviceConnection.config; sourceConfig wins when both do.
    private static FilterPattern ReadFilter(ConfigSection sourceConfig, ConfigSection connection, string key)
    {
        if (sourceConfig.Recording)
        {
            _ = FilterPattern.Read(connection, key);
            return FilterPattern.Read(sourceConfig, key);
        }

        return sourceConfig.Has(key) ? FilterPattern.Read(sourceConfig, key) : FilterPattern.Read(connection, key);
    }
}
