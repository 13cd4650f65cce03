namespace DurableIngest.Connectors;

/// <summary>One step of a connection test: what was tried, how it went, and the server's answer or reason.</summary>
public sealed record ConnectionStep(string Name, ConnectionStepOutcome Outcome, string Detail);
