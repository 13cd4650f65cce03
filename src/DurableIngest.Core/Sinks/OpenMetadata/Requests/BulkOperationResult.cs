namespace DurableIngest.Sinks.OpenMetadata.Requests;

/// <summary>OpenMetadata's <c>type/bulkOperationResult.json</c>, the answer of <c>PUT /v1/tables/bulk</c>.</summary>
internal sealed record BulkOperationResult
{
    public string? Status { get; init; }

    public int NumberOfRowsProcessed { get; init; }

    public int NumberOfRowsPassed { get; init; }

    public int NumberOfRowsFailed { get; init; }

    public IReadOnlyList<BulkResponse>? SuccessRequest { get; init; }

    public IReadOnlyList<BulkResponse>? FailedRequest { get; init; }
}
