using DurableIngest.Entities;
using DurableIngest.Sinks;
using DurableIngest.Sources;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// Decides which tables a run soft-deletes, as OpenMetadata's <c>markDeletedTables</c> does: the tables the last
/// successful run left in a schema this run ingested, that this run neither discovered nor filtered out. Tables of
/// schemas this run did not ingest (filtered, or skipped after a discovery error) are never candidates. When the
/// candidates are more than <c>maxPercent</c> of the known tables in the ingested schemas, none is deleted.
/// </summary>
public static class DeletionPlanner
{
    public static DeletionPlan Plan(
        IReadOnlyDictionary<string, string> previous,
        IEnumerable<SchemaRef> ingestedSchemas,
        IReadOnlySet<string> seen,
        IEnumerable<FilteredEntity> filtered,
        double maxPercent)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(ingestedSchemas);
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(filtered);
        var schemas = ingestedSchemas.ToDictionary(s => s.FullyQualifiedName, StringComparer.Ordinal);
        var filteredNames = filtered.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var known = 0;
        var gone = new List<DeletedTable>();
        foreach (var fqn in previous.Keys)
        {
            if (Parse(fqn) is not { } table || !schemas.TryGetValue(table.Schema.FullyQualifiedName, out var schema))
            {
                continue;
            }

            known++;
            // Filtered entities are listed by display name (database.schema.table); a match keeps the table.
            if (!seen.Contains(fqn) && !filteredNames.Contains($"{schema.Database}.{schema.Schema}.{table.Name}"))
            {
                gone.Add(table);
            }
        }

        gone.Sort((a, b) => string.CompareOrdinal(a.FullyQualifiedName, b.FullyQualifiedName));
        var blocked = gone.Count > 0 && 100.0 * gone.Count > maxPercent * known;
        return new DeletionPlan(blocked ? [] : gone, known, gone.Count, maxPercent);
    }

    /// <summary>The table an FQN names, or null unless it reads back exactly as service.database.schema.table.</summary>
    private static DeletedTable? Parse(string fqn)
    {
        var parts = Fqn.Split(fqn);
        if (parts.Count != 4 || Fqn.Join(parts[0], parts[1], parts[2], parts[3]) != fqn)
        {
            return null;
        }

        return new DeletedTable(new SchemaRef(parts[0], parts[1], parts[2]), parts[3]);
    }
}
