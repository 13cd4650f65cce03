namespace DurableIngest.Testing.SnowflakeStandIn;

/// <summary>One HTTP request to the stand-in and its answer.</summary>
public sealed record RecordedRequest(long Sequence, string Method, string Target, int Status, string? TokenType, string? Rejection, bool Injected);
