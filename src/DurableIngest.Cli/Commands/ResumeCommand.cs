using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.RunStore.Local;
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
        config.Description = "The run's workflow file, when its literal secrets must be supplied again (default: the file it started from).";
        var store = CommonOptions.RunStore();
        var command = new Command("resume", "Resume an interrupted run: completed steps are replayed from the journal, not redone.") { runId, config, store };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(runId)!, parse.GetValue(config), parse.GetValue(store)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string runId, FileInfo? file, string storePath, CancellationToken cancellationToken)
    {
        await using var services = CliServices.Create(new LocalDirectoryRunStore(storePath), LogLevel.Information);
        try
        {
            var text = file is null ? null : await File.ReadAllTextAsync(file.FullName, cancellationToken);
            await services.Starter.ReattachAsync(runId, text, cancellationToken);
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file?.ToString());
        }
        catch (Exception e) when (e is RunNotFoundException or IOException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        Console.WriteLine($"Resuming run {runId}");
        return await RunExecutor.ExecuteAsync(services, runId, cancellationToken);
    }
}
