namespace DurableIngest.Sinks.OpenMetadata;

/// <summary><c>sink.config.bulk</c>: whether tables go to <c>PUT /v1/tables/bulk</c> or one PUT each.</summary>
public enum BulkMode
{
    /// <summary>Use the bulk endpoint when the server offers it (version check, then the first bulk call's answer).</summary>
    Auto,

    /// <summary>Always use the bulk endpoint; a server without it is a configuration error.</summary>
    Always,

    /// <summary>Never use the bulk endpoint.</summary>
    Never,
}
