namespace DurableIngest.Workflow.Report;

/// <summary>A phase of a run outside the chunks (discovery) as the report draws it: when it ran and what it found.</summary>
public sealed record PhaseSpan(string Name, DateTime StartedAt, DateTime FinishedAt, string Detail);
