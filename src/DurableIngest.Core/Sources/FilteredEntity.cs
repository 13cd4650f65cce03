namespace DurableIngest.Sources;

/// <summary>An entity left out by a filter or an include flag, and why (counted as "filtered" in the summary).</summary>
public sealed record FilteredEntity(string Name, string Reason);
