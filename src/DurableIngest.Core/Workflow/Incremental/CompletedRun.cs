namespace DurableIngest.Workflow.Incremental;

/// <summary>A run's final summary, and the state update to save once the summary is stored (null: nothing to save).</summary>
public sealed record CompletedRun(RunSummary Summary, StateUpdate? Update);
