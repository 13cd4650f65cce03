using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.DurableTask.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest worker --task-hub NAME</c>: runs ingestion orchestrations and chunk activities from a task hub until
/// Ctrl+C or SIGTERM; any number of workers on any number of machines share the hub (and its run store).
/// </summary>
internal static class WorkerCommand
{
    /// <summary>
    /// How long System.CommandLine waits for the worker after Ctrl+C or SIGTERM: the chunks in flight finish first. Past
    /// it the process ends anyway and the takeover time brings its chunks to other workers.
    /// </summary>
    public static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(60);

    // Stop gives up waiting on the chunks in flight a little before the process is ended, so the log says so.
    private static readonly TimeSpan StopBudget = TerminationGrace - TimeSpan.FromSeconds(10);

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

    private static async Task<int> RunAsync(TaskHubArguments arguments, ParseResult parse, int? maxActivities, int? maxOrchestrations, LogLevel level, CancellationToken cancellationToken)
    {
        using var opened = arguments.Open(parse, maxActivities, maxOrchestrations);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        var loggerFactory = CliServices.CreateLoggerFactory(level);
        CliServices services;
        try
        {
            services = CliServices.Compose(CliServices.HostOptions(opened.Store, RelativePathBase.CurrentDirectory(), hostId: null), loggerFactory, ownsLoggerFactory: true);
        }
        catch (ConfigException e)
        {
            loggerFactory.Dispose();
            return ConfigErrors.Report(e);
        }

        await using (services)
        {
            var logger = loggerFactory.CreateLogger("DurableIngest.Worker");
            await using var worker = IngestionWorker.Create(opened.Options, opened.Storage, services.Activities, loggerFactory);
            try
            {
                await worker.StartAsync(cancellationToken);
                logger.LogInformation("Runs in blob container '{Container}' at {Account}; Ctrl+C or SIGTERM stops gracefully", opened.Options.RunStoreContainer, opened.Storage);
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C or SIGTERM: stop below.
            }
            catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException or InvalidOperationException)
            {
                // The storage account cannot be reached or refuses the worker: say so in one line, not a stack trace.
                logger.LogError("Cannot work on {Hub}: {Error}", opened.Description, e.GetBaseException().Message);
                return ExitCodes.RunFailed;
            }

            using var budget = new CancellationTokenSource(StopBudget);
            await worker.StopAsync(budget.Token);
        }

        return ExitCodes.Success;
    }
}
