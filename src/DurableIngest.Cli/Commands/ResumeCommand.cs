using System.CommandLine;
using DurableIngest.Cli.Runtime;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest resume RUNID</c>: replay a run's journal and finish it.</summary>
internal static class ResumeCommand
{
    public static Command Create()
    {
        var runId = new Argument<string>("runId") { Description = "The run to resume." };
        var config = CommonOptions.Config(required: false);
        config.Description = "The run's workflow file: names the run store (distributedExecution.runStore) and supplies literal secrets again "
            + "(default: the file the run started from, in the default or given run store).";
        var store = new RunStoreArguments();
        var command = new Command("resume", "Resume an interrupted run: completed steps are replayed from the journal, not redone.") { runId, config };
        store.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, parse.GetValue(runId)!, parse.GetValue(config), store, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, string runId, FileInfo? file, RunStoreArguments storeArguments, CancellationToken cancellationToken)
    {
        if (!RunKeys.IsValidRunId(runId))
        {
            Console.Error.WriteLine($"'{runId}' is not a run id: run ids are {RunKeys.RunIdRule}");
            return ExitCodes.InvalidInput;
        }

        using var opened = storeArguments.Open(parse, file);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        CliServices created;
        try
        {
            created = CliServices.Create(opened.Store, LogLevel.Information);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e);
        }

        await using var services = created;
        try
        {
            var text = file is null ? null : CliServices.CreateLoader().ReadFile(file.FullName);
            await services.Starter.ReattachAsync(runId, text, cancellationToken);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file?.ToString());
        }
        catch (RunNotFoundException)
        {
            Console.Error.WriteLine(
                $"Run '{runId}' was not found in {opened.Description}; 'durable-ingest runs {opened.Hint}' lists the runs there. "
                + "A run started with another run store is resumed with that store: -c FILE, --run-store DIR, or --run-store-container/--run-store-connection.");
            return ExitCodes.InvalidInput;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        if (await StoredRuns.ReadStatusAsync(services.Store, runId, cancellationToken) is { RuntimeStatus: var status } && !status.IsUnfinished())
        {
            // Its journal ends with the outcome, so replaying it gives the same: only a new run tries again.
            var manifest = await services.Store.ReadAsync<RunManifest>(RunKeys.Manifest(runId), cancellationToken);
            Console.Error.WriteLine(
                $"Run '{runId}' had already ended {status}; resume continues interrupted runs only. To try again, start a new run of the workflow "
                + $"(durable-ingest ingest -c {file?.ToString() ?? manifest?.ConfigPath ?? "FILE"}); tables unchanged since the service's last successful run are not written again.");
        }

        Console.WriteLine($"Resuming run {runId}");
        return await RunExecutor.ExecuteAsync(services, runId, file is null ? opened.Hint : $"-c {file}", logEntities: false, cancellationToken);
    }
}
