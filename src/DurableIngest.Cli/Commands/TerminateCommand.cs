using System.CommandLine;
using DurableIngest.Http;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest terminate RUNID --task-hub NAME</c> and <c>purge RUNID --task-hub NAME</c>: stop an unfinished run
/// on a task hub, or delete a finished one (its history and run-store documents), as <c>POST /api/ingest/{id}/terminate</c>
/// and <c>DELETE /api/ingest/{id}</c> do. A local run ends with the process that runs it (Ctrl+C); these are for hub runs.
/// Exit 0 done, 1 the run is not in a state for it (already finished, or not finished yet), 2 unknown run or bad options.
/// </summary>
internal static class TerminateCommand
{
    public static Command Create() => Create("terminate", "Stop an unfinished run on a task hub.", purge: false);

    public static Command CreatePurge() => Create("purge", "Delete a finished run on a task hub: its history and its run-store documents.", purge: true);

    private static Command Create(string name, string description, bool purge)
    {
        var runId = new Argument<string>("runId") { Description = "The run." };
        var hub = new TaskHubArguments(required: true);
        var command = new Command(name, description) { runId };
        hub.AddTo(command, tuning: false);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, hub, parse.GetValue(runId)!, purge, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TaskHubArguments arguments, string runId, bool purge, CancellationToken cancellationToken)
    {
        using var hub = arguments.Open(parse);
        if (hub is null)
        {
            return ExitCodes.InvalidInput;
        }

        using var loggerFactory = CliServices.CreateLoggerFactory(LogLevel.Warning);
        var control = hub.CreateControl(TimeProvider.System, loggerFactory);
        var result = purge ? await control.PurgeAsync(runId, cancellationToken) : await control.TerminateAsync(runId, cancellationToken);
        (result.Outcome == RunControlOutcome.Accepted ? Console.Out : Console.Error).WriteLine(result.Message);
        return result.Outcome switch
        {
            RunControlOutcome.Accepted => ExitCodes.Success,
            RunControlOutcome.Conflict => ExitCodes.RunFailed,
            _ => ExitCodes.InvalidInput,
        };
    }
}
