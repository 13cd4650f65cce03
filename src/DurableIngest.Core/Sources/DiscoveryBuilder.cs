using DurableIngest.Configuration;
using DurableIngest.Entities;

namespace DurableIngest.Sources;

/// <summary>
/// Collects one discovery: the databases, schemas, tables and views the filters keep, what they leave out and why (the
/// same rules in the same words for every source), and the warnings; <see cref="Build"/> makes the result.
/// </summary>
public sealed class DiscoveryBuilder
{
    private readonly string _serviceName;
    private readonly DatabaseMetadataOptions _metadata;
    private readonly List<DiscoveredEntity> _entities = [];
    private readonly List<FilteredEntity> _filtered = [];
    private readonly List<SchemaRef> _schemas = [];
    private readonly List<string> _warnings = [];

    public DiscoveryBuilder(string serviceName, DatabaseMetadataOptions metadata)
    {
        ArgumentNullException.ThrowIfNull(serviceName);
        ArgumentNullException.ThrowIfNull(metadata);
        _serviceName = serviceName;
        _metadata = metadata;
    }

    public int EntityCount => _entities.Count;

    public int SchemaCount => _schemas.Count;

    public int FilteredCount => _filtered.Count;

    /// <summary>Whether <c>databaseFilterPattern</c> keeps the database; a database it excludes is recorded as filtered.</summary>
    public bool KeepDatabase(string database)
    {
        if (_metadata.DatabaseFilter.Keeps(database))
        {
            return true;
        }

        _filtered.Add(new FilteredEntity(database, "excluded by databaseFilterPattern"));
        return false;
    }

    /// <summary>Whether <c>schemaFilterPattern</c> keeps the schema: a kept schema is one of the run's schemas, an excluded one is filtered.</summary>
    public bool KeepSchema(string database, string schema)
    {
        if (_metadata.SchemaFilter.Keeps(schema))
        {
            _schemas.Add(new SchemaRef(_serviceName, database, schema));
            return true;
        }

        _filtered.Add(new FilteredEntity($"{database}.{schema}", "excluded by schemaFilterPattern"));
        return false;
    }

    /// <summary>
    /// Adds a table or view to ingest, unless <paramref name="exclusion"/> (a reason of the source's own) or the
    /// common rules (<see cref="DatabaseMetadataOptions.ExclusionReason"/>) leave it out.
    /// </summary>
    public void Add(DiscoveredEntity entity, string? exclusion = null)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var isView = entity.Kind is TableType.View or TableType.MaterializedView;
        if ((exclusion ?? _metadata.ExclusionReason(isView, entity.Name)) is { } reason)
        {
            _filtered.Add(new FilteredEntity(entity.DisplayName, reason));
        }
        else
        {
            _entities.Add(entity);
        }
    }

    public void Warn(string warning) => _warnings.Add(warning);

    public DiscoveryResult Build() => new() { Entities = [.. _entities], Filtered = [.. _filtered], Schemas = [.. _schemas], Warnings = [.. _warnings] };
}
