using System.Globalization;
using DurableIngest.Sinks;

namespace DurableIngest.Workflow.Incremental;

/// <summary>
/// The tables to soft-delete after a run, or why none are: <see cref="Blocked"/> when they would exceed the fail-safe
/// share of the tables known in the ingested schemas.
/// </summary>
public sealed record DeletionPlan(IReadOnlyList<DeletedTable> Tables, int Known, int Gone, double MaxPercent)
{
    public bool Blocked => Gone > 0 && Tables.Count == 0;

    /// <summary>The summary warning of a blocked plan.</summary>
    public string? Warning => Blocked
        ? string.Create(
            CultureInfo.InvariantCulture,
            $"markDeletedTables: {Gone} of {Known} known tables ({Math.Round(100.0 * Gone / Known, 1)} %) are gone from the ingested schemas, more than markDeletedTablesMaxPercent ({MaxPercent} %); nothing was deleted. If they really are gone, raise source.sourceConfig.config.markDeletedTablesMaxPercent for one run.")
        : null;
}
