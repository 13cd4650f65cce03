using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>The Native AOT build's <c>worker</c>: refused with the JIT build's command (<see cref="TaskHubSupport"/>).</summary>
internal static partial class WorkerCommand
{
    private static Task<int> RunAsync(TaskHubArguments arguments, ParseResult parse, int? maxActivities, int? maxOrchestrations, LogLevel level, CancellationToken cancellationToken)
    {
        using var none = arguments.Open(parse, maxActivities, maxOrchestrations);
        return Task.FromResult(ExitCodes.InvalidInput);
    }
}
