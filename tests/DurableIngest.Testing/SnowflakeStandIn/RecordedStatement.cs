namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>A statement the stand-in received: its text and context, and whether it ran (a retried submission does not run twice).</summary>
public sealed record RecordedStatement(
    long Sequence,
    string RequestId,
    bool Retry,
    string Sql,
    string? Database,
    string? Warehouse,
    string? Role,
    IReadOnlyList<string> Bindings,
    string? QueryTag,
    int? Timeout,
    bool Executed);
