using System.CommandLine;

namespace DurableIngest.Cli.Commands;

/// <summary>The Native AOT build's half of <see cref="TaskHubArguments"/>: there is no hub to open.</summary>
internal sealed partial class TaskHubArguments
{
    /// <summary>Always null, having said which build has task hubs (exit code 2 for the caller).</summary>
    public ITaskHub? Open(ParseResult parse, int? maxActivities = null, int? maxOrchestrations = null)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command.Name;
        TaskHubSupport.ReportUnavailable(parse.GetValue(Hub) is { } name ? $"{command} --task-hub {name}" : command);
        return null;
    }
}
