using System.CommandLine;
using DurableIngest.Configuration;
using DurableIngest.RunStore;
using DurableIngest.Workflow;

namespace DurableIngest.Cli.Commands;

/// <summary><c>durable-ingest ingest -c FILE</c>: validate, start (or resume) a run, show progress, print the summary.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var config = CommonOptions.Config();
        var parallelism = new Option<int?>("--parallelism") { Description = "Chunk activities in flight (overrides distributedExecution.parallelism)." };
        var chunkSize = new Option<int?>("--chunk-size") { Description = "Entities per chunk activity (overrides distributedExecution.chunkSize)." };
        var runId = new Option<string?>("--run-id") { Description = "Name the run (default: ingest-<UTC time>-<random>)." };
        var resume = new Option<string?>("--resume") { Description = "Resume this run id: replay its journal and run only unfinished chunks." };
        var full = new Option<bool>("--full")
        {
            Description = "Write every table, even those unchanged since the service's last successful run (when the sink lost tables the run store still remembers).",
        };
        var logEntities = new Option<bool>("--log-entities") { Description = "Print one line per entity when the run ends (✓ Processed table / ✗ Failed table, with the reason); also workflowConfig.logEntities." };
        var noWait = new Option<bool>("--no-wait") { Description = "With --task-hub: print the run id once the run is scheduled, without following it." };
        var hub = new TaskHubArguments(required: false);
        var command = new Command("ingest", "Run the ingestion workflow described by a workflow file.") { config, parallelism, chunkSize, runId, resume, full, logEntities, noWait };
        hub.AddTo(command, tuning: true);
        command.SetAction((parse, cancellationToken) =>
        {
            var overrides = new RunOverrides(parse.GetValue(parallelism), parse.GetValue(chunkSize), parse.GetValue(full));
            if (hub.GivenWithoutHub(parse) is { Count: > 0 } hubOnly)
            {
                Console.Error.WriteLine($"{string.Join(", ", hubOnly)} apply to runs on a task hub: add --task-hub NAME, or leave them out for an in-process run");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            return parse.GetValue(hub.Hub) is null
                ? RunAsync(parse.GetValue(config)!, overrides, parse.GetValue(runId), parse.GetValue(resume), parse.GetValue(noWait), parse.GetValue(logEntities), cancellationToken)
                : HubRunExecutor.RunAsync(parse, hub, parse.GetValue(config)!, overrides, parse.GetValue(runId), parse.GetValue(resume), parse.GetValue(noWait), parse.GetValue(logEntities), cancellationToken);
        });
        return command;
    }

    /// <summary>The command-line problems of a run's overrides and ids, every one (empty when none).</summary>
    public static List<string> CheckUsage(RunOverrides overrides, string? runId, string? resume)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var (parallelism, chunkSize, full) = overrides;
        var usage = new List<string>();
        if (parallelism is < 1 or > 1024)
        {
            usage.Add($"--parallelism must be between 1 and 1024, not {parallelism}");
        }

        if (chunkSize is < 1 or > 100_000)
        {
            usage.Add($"--chunk-size must be between 1 and 100000, not {chunkSize}");
        }

        if (runId is not null && !RunKeys.IsValidRunId(runId))
        {
            usage.Add($"--run-id '{runId}' is not valid: use {RunKeys.RunIdRule}");
        }

        if (resume is not null && runId is not null && resume != runId)
        {
            usage.Add("--resume and --run-id name different runs; give one of them");
        }

        if (resume is not null && full)
        {
            usage.Add("--full applies to a new run; a resumed run keeps the mode it started with");
        }

        return usage;
    }

    private static async Task<int> RunAsync(FileInfo file, RunOverrides overrides, string? runId, string? resume, bool noWait, bool logEntities, CancellationToken cancellationToken)
    {
        var usage = CheckUsage(overrides, runId, resume);
        if (noWait)
        {
            usage.Add("--no-wait applies to runs on a task hub (--task-hub); an in-process run ends with the command");
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
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }

        var store = RunStoreFactory.Create(workflow.Workflow.Distributed.RunStore);
        CliServices created;
        try
        {
            created = CliServices.Create(store, CliServices.ToLogLevel(workflow.Workflow.LoggerLevel));
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e);
        }

        await using var services = created;
        string id;
        try
        {
            if (resume is not null)
            {
                id = resume;
                await services.Starter.ReattachAsync(id, workflow.RawText, cancellationToken);
                Console.WriteLine($"Resuming run {id}");
            }
            else
            {
                id = runId ?? RunStarter.NewRunId(services.Time);
                await services.Starter.CreateAsync(id, workflow, file.FullName, overrides, cancellationToken);
                Console.WriteLine($"Run id: {id}");
            }
        }
        catch (ConfigException e)
        {
            return ConfigErrors.Report(e, file.ToString());
        }
        catch (Exception e) when (e is RunAlreadyExistsException or RunNotFoundException)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        return await RunExecutor.ExecuteAsync(services, id, $"-c {file}", logEntities || workflow.Workflow.LogEntities, cancellationToken);
    }
}
