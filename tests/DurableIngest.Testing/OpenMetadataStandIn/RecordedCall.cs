namespace DurableIngest.Testing.OpenMetadataStandIn;

/// <summary>One request the stand-in answered.</summary>
/// <param name="Sequence">Arrival order, from 1.</param>
/// <param name="At">When the answer was decided (the stand-in's clock).</param>
/// <param name="Method">HTTP method.</param>
/// <param name="Target">Path and query exactly as sent (still URL-encoded).</param>
/// <param name="Status">The status answered.</param>
/// <param name="BrokeContract">The request broke OpenMetadata's contract (schema, enums, unknown property, parent missing, server rule, auth, route).</param>
/// <param name="Injected">The answer was an injected fault or rejection, not the request's fault.</param>
/// <param name="Message">The error message answered, if any.</param>
/// <param name="Body">The request body, if any.</param>
public sealed record RecordedCall(
    long Sequence,
    DateTimeOffset At,
    string Method,
    string Target,
    int Status,
    bool BrokeContract,
    bool Injected,
    string? Message,
    string? Body)
{
    /// <summary>The path without the query.</summary>
    public string Path => Target.Split('?')[0];

    public override string ToString() => $"#{Sequence} {Method} {Target} -> {Status}{(BrokeContract ? " CONTRACT" : string.Empty)}{(Injected ? " injected" : string.Empty)} {Message}";
}
