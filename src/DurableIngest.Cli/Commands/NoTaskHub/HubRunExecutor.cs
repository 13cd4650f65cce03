using System.CommandLine;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Commands;

/// <summary><c>ingest --task-hub NAME</c> in the Native AOT build: refused with the JIT build's command (<see cref="TaskHubSupport"/>).</summary>
internal static class HubRunExecutor
{
    public static Task<int> RunAsync(
        ParseResult parse, TaskHubArguments hub, FileInfo file, RunOverrides overrides, string? runId, string? resume, bool noWait, bool logEntities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        using var none = hub.Open(parse);
        return Task.FromResult(ExitCodes.InvalidInput);
    }
}
