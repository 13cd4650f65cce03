namespace DurableIngest.Configuration;

/// <summary>An OpenMetadata-style workflow file, loaded and validated.</summary>
public sealed record WorkflowConfig
{
    public required SourceSettings Source { get; init; }

    public required SinkSettings Sink { get; init; }

    public required WorkflowSettings Workflow { get; init; }

    /// <summary>The text the file was loaded from, with <c>${VAR}</c> references left unexpanded.</summary>
    public required string RawText { get; init; }
}
