namespace DurableIngest.Cli.Hosting;

/// <summary>The body of an accepted terminate or purge: the run and what happened to it.</summary>
internal sealed record RunControlResponse(string Id, string Message);
