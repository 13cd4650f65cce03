using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.DurableTask.Hosting;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary>The JIT build's <c>worker</c>: the Durable Task Framework worker on the hub.</summary>
internal static partial class WorkerCommand
{
    // Stop gives up waiting on the chunks in flight a little before the process is ended, so the log says so.
    private static TimeSpan StopBudget => TerminationGrace - TimeSpan.FromSeconds(10);

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
