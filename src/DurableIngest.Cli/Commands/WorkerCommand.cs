using System.CommandLine;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest worker --task-hub NAME</c>: runs ingestion orchestrations and chunk activities from a task hub until
/// Ctrl+C or SIGTERM; any number of workers on any number of machines share the hub (and its run store).
/// </summary>
internal static partial class WorkerCommand
{
    /// <summary>
    /// How long System.CommandLine waits for the worker after Ctrl+C or SIGTERM: the chunks in flight finish first. Past
    /// it the process ends anyway and the takeover time brings its chunks to other workers.
    /// </summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(60);

    public static Command Create()
    {
        var hub = new TaskHubArguments(required: true);
        var maxActivities = new Option<int?>("--max-activities") { Description = "Chunk activities this worker runs at once (default 4)." };
        var maxOrchestrations = new Option<int?>("--max-orchestrations") { Description = "Orchestration steps this worker runs at once (default 4)." };
        var level = new Option<string>("--log-level") { Description = "DEBUG, INFO, WARN or ERROR.", DefaultValueFactory = _ => "INFO" };
        var command = new Command("worker", "Run ingestion orchestrations and activities from a task hub (Durable Task Framework, Azure Storage) until Ctrl+C / SIGTERM.")
        {
            maxActivities, maxOrchestrations, level,
        };
        hub.AddTo(command, tuning: true);
        command.SetAction((parse, cancellationToken) => RunAsync(
            hub, parse, parse.GetValue(maxActivities), parse.GetValue(maxOrchestrations), CliServices.ToLogLevel(parse.GetValue(level)!), cancellationToken));
        return command;
    }
}
