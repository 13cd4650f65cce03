namespace DurableIngest.Http;

/// <summary>The body of an accepted terminate or purge: the run and what happened to it.</summary>
public sealed record RunControlResponse(string Id, string Message);
