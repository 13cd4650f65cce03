using System.CommandLine;
using DurableIngest.Cli.Output;
using DurableIngest.Configuration;
using DurableIngest.Hosting;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DurableIngest.Cli.Commands;

/// <summary>
/// <c>durable-ingest ingest -c FILE --task-hub NAME</c>: stores the run in the hub's shared run store, schedules it on
/// the hub, then follows it with the same progress, summary and exit codes as an in-process run. The workers run it;
/// this process may stop following at any time (Ctrl+C, <c>--no-wait</c>) without stopping the run.
/// </summary>
internal static class HubRunExecutor
{
    public static async Task<int> RunAsync(
        ParseResult parse, TaskHubArguments hub, FileInfo file, RunOverrides overrides, string? runId, string? resume, bool noWait, bool logEntities, CancellationToken cancellationToken)
    {
        var usage = IngestCommand.CheckUsage(overrides, runId, resume);
        if (resume is not null)
        {
            usage.Add("--resume applies to in-process runs; a run on a task hub is resumed by the hub's workers themselves");
        }

        if (usage.Count > 0)
        {
            usage.ForEach(Console.Error.WriteLine);
            return ExitCodes.InvalidInput;
        }

        WorkflowConfig workflow;
        try
        {
            workflow = CliServices.CreateLoader().LoadFile(file.FullName);
            // The workers resolve secrets in their own processes: a literal one, held in this process's memory, would never reach them.
            if (LiteralSecretPolicy.FindRefused(workflow.RawText) is { Count: > 0 } literals)
            {
                throw new ConfigException(file.ToString(), literals);
            }
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }

        using var opened = hub.Open(parse);
        if (opened is null)
        {
            return ExitCodes.InvalidInput;
        }

        var level = CliServices.ToLogLevel(workflow.Workflow.LoggerLevel);
        var loggerFactory = CliServices.CreateLoggerFactory(level);
        CliServices created;
        try
        {
            created = CliServices.Compose(CliServices.HostOptions(opened.Store, RelativePathBase.CurrentDirectory(), hostId: null), loggerFactory, ownsLoggerFactory: true);
        }
        catch (ConfigException e)
        {
            loggerFactory.Dispose();
            return ConfigErrors.Report(e);
        }

        await using var services = created;
        var control = opened.CreateControl(services.Time, loggerFactory);
        var id = runId ?? RunStarter.NewRunId(services.Time);
        try
        {
            var manifest = await services.Starter.CreateAsync(id, workflow, file.FullName, overrides, cancellationToken);
            await control.LaunchAsync(manifest, cancellationToken);
        }
        catch (RunAlreadyExistsException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        Console.WriteLine($"Run id: {id}");
        Console.WriteLine($"Scheduled on {opened.Description}; workers: durable-ingest worker --task-hub {opened.Options.TaskHubName}");
        if (noWait)
        {
            return ExitCodes.Success;
        }

        Http.RunStatusView final;
        try
        {
            final = await new ProgressDisplay(AnsiConsole.Console, services.Time).RunAsync(onProgress => control.WaitAsync(id, onProgress, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"Stopped following run {id}; it goes on on the hub. Follow it with: durable-ingest status {id} --task-hub {opened.Options.TaskHubName}");
            return ExitCodes.RunFailed;
        }

        // The workflow's own verdicts (Completed, CompletedWithErrors, Failed) come with a summary; the engine's failures and terminations do not.
        if (final.RuntimeStatus == RunStatus.Terminated || final.Error is not null)
        {
            Console.Error.WriteLine($"Run {id} ended {final.RuntimeStatus}{(final.Error is { } error ? $": {error}" : string.Empty)}");
            return ExitCodes.RunFailed;
        }

        return await RunExecutor.RenderSummaryAsync(opened.Store, id, logEntities || workflow.Workflow.LogEntities, cancellationToken);
    }
}
